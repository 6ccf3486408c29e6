package dev.sekisho.lab;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Low-level helpers shared by the lab: capability check for tests, command runner, namespace
 * naming (with the creating PID embedded), stale-namespace cleanup and the shutdown hook.
 */
public final class NetnsSupport {

  /** Message used by kernel tests when they are skipped. */
  public static final String SKIP_MESSAGE =
      "kernel test skipped: needs root and network namespaces";

  /** Namespaces created by the lab are named {@code sk<pid>x<seq>-<role>}. */
  public static final String NAME_PREFIX = "sk";

  /** Default timeout for commands; setup commands finish in milliseconds, so this only trips on hangs. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  static final int CLONE_NEWNET = 0x40000000;
  static final int O_RDONLY = 0;

  private static final Logger LOG = LoggerFactory.getLogger(NetnsSupport.class);
  private static final Pattern LAB_NAME = Pattern.compile("^" + NAME_PREFIX + "(\\d+)x(\\d+)-.*$");
  private static final int OUTPUT_CAP = 1 << 20;
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final Deque<AutoCloseable> OPEN = new ArrayDeque<>();
  private static boolean hookInstalled;
  private static volatile Boolean usable;

  private NetnsSupport() {}

  /** The libc calls needed to move a thread into a namespace; errors surface as errno. */
  interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int open(String path, int flags) throws LastErrorException;

    int setns(int fd, int nstype) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int geteuid();
  }

  /**
   * True when this process is root and {@code ip netns} works, i.e. the kernel tests can run.
   * The result is cached because surefire asks once per test class.
   */
  public static boolean canUseNetns() {
    Boolean cached = usable;
    if (cached == null) {
      cached = probeNetnsUsable();
      usable = cached;
    }
    return cached;
  }

  private static boolean probeNetnsUsable() {
    try {
      if (LibC.INSTANCE.geteuid() != 0) {
        return false;
      }
      return run(Duration.ofSeconds(5), null, List.of("ip", "netns", "list")).ok();
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      LOG.debug("network namespaces unavailable", e);
      return false;
    }
  }

  /**
   * Returns a fresh name prefix {@code sk<pid>x<seq>-} for one lab instance. The PID lets a later
   * run tell leftovers of a crashed JVM from namespaces of a process that is still alive.
   */
  public static String newPrefix() {
    return NAME_PREFIX + ProcessHandle.current().pid() + "x" + SEQ.incrementAndGet() + "-";
  }

  /** Names of all namespaces in {@code ip netns list}. */
  public static List<String> listNamespaces() {
    ExecResult r = run(DEFAULT_TIMEOUT, null, List.of("ip", "netns", "list")).requireOk();
    List<String> names = new ArrayList<>();
    for (String line : r.stdout().split("\n")) {
      String trimmed = line.strip();
      if (!trimmed.isEmpty()) {
        // Lines look like "name (id: 3)" once the namespace has an id assigned.
        names.add(trimmed.split("\\s+", 2)[0]);
      }
    }
    return names;
  }

  /** Namespaces that follow the lab naming scheme, whoever created them. */
  public static List<String> listLabNamespaces() {
    return listNamespaces().stream().filter(n -> LAB_NAME.matcher(n).matches()).toList();
  }

  /**
   * Deletes {@code sk<pid>x*} namespaces whose creating PID is no longer alive (leftovers of a
   * crashed or killed run). Namespaces of live processes, including this one, are never touched.
   *
   * @return the names that were deleted
   */
  public static List<String> deleteStaleNamespaces() {
    long self = ProcessHandle.current().pid();
    List<String> deleted = new ArrayList<>();
    for (String name : listNamespaces()) {
      Matcher m = LAB_NAME.matcher(name);
      if (!m.matches()) {
        continue;
      }
      long pid;
      try {
        pid = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        continue;
      }
      if (pid == self || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        continue;
      }
      ExecResult r = run(DEFAULT_TIMEOUT, null, List.of("ip", "netns", "delete", name));
      if (r.ok()) {
        LOG.info("deleted stale lab namespace {} (pid {} is gone)", name, pid);
        deleted.add(name);
      } else {
        LOG.warn("could not delete stale namespace: {}", r.describe());
      }
    }
    return deleted;
  }

  /**
   * Runs a command directly (argument list, no shell) with a timeout. Output goes to temporary
   * files rather than pipes so no reader threads are needed: a thread spawned here would inherit
   * the caller's network namespace, and that is easy to get wrong.
   *
   * @param timeout kill the process after this long
   * @param stdin bytes to feed on standard input, or null for none
   * @param command program and arguments
   */
  public static ExecResult run(Duration timeout, byte[] stdin, List<String> command) {
    Path in = null;
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("sekisho-lab-", ".out");
      err = Files.createTempFile("sekisho-lab-", ".err");
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.redirectOutput(out.toFile());
      pb.redirectError(err.toFile());
      if (stdin != null) {
        in = Files.createTempFile("sekisho-lab-", ".in");
        Files.write(in, stdin);
        pb.redirectInput(in.toFile());
      } else {
        pb.redirectInput(new File("/dev/null"));
      }
      Process p = pb.start();
      boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(2, TimeUnit.SECONDS);
      }
      return new ExecResult(
          command, finished ? p.exitValue() : -1, readCapped(out), readCapped(err), !finished);
    } catch (IOException e) {
      throw new LabException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabException("interrupted while running " + String.join(" ", command), e);
    } finally {
      deleteQuietly(in);
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static String readCapped(Path file) throws IOException {
    try (InputStream is = Files.newInputStream(file)) {
      return new String(is.readNBytes(OUTPUT_CAP), StandardCharsets.UTF_8);
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        LOG.debug("cannot delete temp file {}", p, e);
      }
    }
  }

  /** The {@code net:[inode]} identity of the calling thread's network namespace. */
  public static String currentThreadNamespaceId() {
    try {
      return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
    } catch (IOException e) {
      throw new LabException("cannot read /proc/thread-self/ns/net", e);
    }
  }

  /** The network namespace identity of the process's main thread (the "root" side for us). */
  public static String processNamespaceId() {
    try {
      return Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
    } catch (IOException e) {
      throw new LabException("cannot read /proc/self/ns/net", e);
    }
  }

  /**
   * Throws unless the calling thread is in the process's own network namespace. Used before
   * creating sockets that must be reachable from the machine (e.g. the loopback forwarder), since
   * code running on a namespace thread, or a thread started from one, would silently bind inside
   * the lab instead.
   */
  public static void requireProcessNamespace(String what) {
    String mine = currentThreadNamespaceId();
    String process = processNamespaceId();
    if (!mine.equals(process)) {
      throw new LabException(
          what + " must run on a thread in the process namespace " + process + ", not " + mine);
    }
  }

  /** Registers something to close from the JVM shutdown hook (Ctrl-C) if still open then. */
  static synchronized void closeAtShutdown(AutoCloseable c) {
    if (!hookInstalled) {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(NetnsSupport::closeAllOpen, "sekisho-lab-shutdown"));
      hookInstalled = true;
    }
    OPEN.push(c);
  }

  /** Removes a registration once the object was closed normally. */
  static synchronized void closedNormally(AutoCloseable c) {
    OPEN.remove(c);
  }

  /**
   * Closes everything still registered, newest first, but bare namespaces last: a lab registers
   * before its namespaces exist and must stop its servers before they go away.
   */
  static void closeAllOpen() {
    List<AutoCloseable> snapshot = new ArrayList<>();
    synchronized (NetnsSupport.class) {
      OPEN.stream().filter(c -> !(c instanceof Netns)).forEach(snapshot::add);
      OPEN.stream().filter(c -> c instanceof Netns).forEach(snapshot::add);
    }
    for (AutoCloseable c : snapshot) {
      try {
        c.close();
      } catch (Exception e) {
        // Keep going: one failure must not leave the remaining namespaces behind.
        System.err.println("sekisho-lab: error while closing " + c + " at shutdown: " + e);
      }
    }
  }
}
