package dev.sekisho.lab;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named network namespace ({@code ip netns add NAME}) plus dedicated threads that live in it.
 *
 * <p>Code passed to {@link #call} runs on a daemon thread that has {@code setns()}'d into this
 * namespace, so sockets it creates belong to the namespace. Those threads are owned by this object,
 * never run anything else and are stopped by {@link #close()} before the namespace is deleted.
 * Beware that threads <em>started</em> from such code inherit the namespace too (Linux copies
 * the namespace on thread creation); that is intended for e.g. Jetty's pool, but do not start
 * shared pools (such as the common ForkJoinPool) from inside.
 */
public final class Netns implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Netns.class);
  private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Duration STOP_WAIT = Duration.ofSeconds(2);

  private final String name;
  private final String nsId;
  private final List<NsExecutor> executors = new CopyOnWriteArrayList<>();
  private final NsExecutor caller;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Netns(String name) {
    this.name = name;
    this.nsId = readNamespaceId(name);
    this.caller = newNsExecutor("call", 1);
  }

  /**
   * Creates the namespace and brings its loopback up. If anything fails the half-created
   * namespace is deleted again.
   *
   * @param name namespace name, letters/digits/{@code _.-} only (it ends up in file paths)
   */
  public static Netns create(String name) {
    if (!VALID_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid namespace name: " + name);
    }
    NetnsSupport.run(NetnsSupport.DEFAULT_TIMEOUT, null, List.of("ip", "netns", "add", name))
        .requireOk();
    try {
      Netns ns = new Netns(name);
      NetnsSupport.closeAtShutdown(ns);
      ns.ip("link", "set", "lo", "up");
      return ns;
    } catch (RuntimeException e) {
      NetnsSupport.run(NetnsSupport.DEFAULT_TIMEOUT, null, List.of("ip", "netns", "delete", name));
      throw e;
    }
  }

  /** True when this process is root and {@code ip netns} works; tests use it to skip. */
  public static boolean canUseNetns() {
    return NetnsSupport.canUseNetns();
  }

  /** The namespace name as shown by {@code ip netns list}. */
  public String name() {
    return name;
  }

  /** True once {@link #close()} has started. */
  public boolean isClosed() {
    return closed.get();
  }

  /** Runs {@code ip -n NAME args...} and fails if it does not succeed (setup helper). */
  public ExecResult ip(String... args) {
    List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
    cmd.addAll(List.of(args));
    return NetnsSupport.run(NetnsSupport.DEFAULT_TIMEOUT, null, cmd).requireOk();
  }

  /** Runs {@code ip netns exec NAME cmd...} with the default timeout. */
  public ExecResult exec(String... cmd) {
    return exec(NetnsSupport.DEFAULT_TIMEOUT, cmd);
  }

  /** Runs {@code ip netns exec NAME cmd...}; the process is killed after {@code timeout}. */
  public ExecResult exec(Duration timeout, String... cmd) {
    return execWithInput(null, timeout, cmd);
  }

  /**
   * Runs {@code ip netns exec NAME cmd...} with {@code stdin} on standard input, e.g. {@code nft
   * -f -} with a ruleset.
   *
   * @param stdin text for standard input (UTF-8), or null for none
   */
  public ExecResult execWithInput(String stdin, Duration timeout, String... cmd) {
    if (cmd.length == 0) {
      throw new IllegalArgumentException("empty command");
    }
    ensureOpen();
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
    full.addAll(List.of(cmd));
    byte[] in = stdin == null ? null : stdin.getBytes(StandardCharsets.UTF_8);
    return NetnsSupport.run(timeout, in, full);
  }

  /**
   * Runs {@code task} on this namespace's dedicated thread and waits for it (directly, if already
   * on a thread of this namespace). Exceptions thrown by the task are rethrown unchanged.
   */
  public <T> T call(Callable<T> task) throws Exception {
    if (Thread.currentThread() instanceof NsThread t && t.owner == this && t.entered) {
      // Already on one of our threads (e.g. a probe from inside inGateway): queueing onto the
      // single call thread would wait for ourselves forever.
      return task.call();
    }
    Future<T> f = submit(task);
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** Like {@link #call} but returns immediately with a future. */
  public <T> Future<T> submit(Callable<T> task) {
    ensureOpen();
    return caller.submit(task);
  }

  /**
   * Creates an extra executor whose threads live in this namespace, e.g. for server accept loops
   * that must not block {@link #call}. It is shut down by {@link #close()}; callers may shut it
   * down earlier. Tasks never run on the caller's thread (rejected tasks fail instead), so
   * nothing can accidentally run outside the namespace.
   *
   * @param purpose short label for thread names
   * @param threads fixed number of threads
   */
  public ExecutorService newExecutor(String purpose, int threads) {
    ensureOpen();
    return newNsExecutor(purpose, threads);
  }

  private NsExecutor newNsExecutor(String purpose, int threads) {
    NsExecutor ex = new NsExecutor(purpose, threads);
    executors.add(ex);
    return ex;
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new LabException("namespace " + name + " is closed");
    }
  }

  /**
   * Stops all namespace threads, then deletes the namespace. Idempotent; errors are logged, not
   * thrown, so cleanup always runs to the end.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (NsExecutor ex : executors) {
      ex.shutdownNow();
    }
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    for (NsExecutor ex : executors) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!ex.awaitTermination(left, TimeUnit.NANOSECONDS)) {
          // Typically a blocking socket call nobody closed; the namespace still disappears from
          // the list below and the kernel frees it when the thread ends.
          LOG.warn("threads of {} ({}) did not stop in time", name, ex.purpose);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    ExecResult r =
        NetnsSupport.run(NetnsSupport.DEFAULT_TIMEOUT, null, List.of("ip", "netns", "delete", name));
    if (!r.ok()) {
      LOG.warn("deleting namespace failed: {}", r.describe());
    }
    NetnsSupport.closedNormally(this);
  }

  @Override
  public String toString() {
    return "Netns[" + name + "]";
  }

  private static String readNamespaceId(String name) {
    try {
      Object ino = Files.getAttribute(Path.of("/var/run/netns", name), "unix:ino");
      return "net:[" + ino + "]";
    } catch (IOException | UnsupportedOperationException e) {
      throw new LabException("cannot stat namespace " + name, e);
    }
  }

  /**
   * Moves the current thread into this namespace unless it is already there. Only threads made by
   * this object's executors may be moved, so a stray call can never switch someone else's thread.
   */
  private void enterHere() {
    Thread t = Thread.currentThread();
    if (!(t instanceof NsThread nt) || nt.owner != this) {
      throw new IllegalStateException("not a thread of " + this + ": " + t.getName());
    }
    if (nt.entered) {
      return;
    }
    int fd;
    try {
      fd = NetnsSupport.LibC.INSTANCE.open("/var/run/netns/" + name, NetnsSupport.O_RDONLY);
    } catch (LastErrorException e) {
      throw new LabException("open namespace " + name + " failed: errno " + e.getErrorCode(), e);
    }
    try {
      NetnsSupport.LibC.INSTANCE.setns(fd, NetnsSupport.CLONE_NEWNET);
    } catch (LastErrorException e) {
      throw new LabException("setns into " + name + " failed: errno " + e.getErrorCode(), e);
    } finally {
      NetnsSupport.LibC.INSTANCE.close(fd);
    }
    // Double-check with the kernel's view so a silent failure cannot leave us in the root ns.
    String now = NetnsSupport.currentThreadNamespaceId();
    if (!now.equals(nsId)) {
      throw new LabException("after setns thread is in " + now + ", expected " + nsId);
    }
    nt.entered = true;
  }

  /** A thread owned by one namespace; remembers whether it already switched. */
  private static final class NsThread extends Thread {
    final Netns owner;
    boolean entered;

    NsThread(Netns owner, Runnable r, String threadName) {
      super(r, threadName);
      this.owner = owner;
      setDaemon(true);
    }
  }

  /** A future whose body first enters the namespace; a marker so execute() does not wrap twice. */
  private static final class EnteringTask<T> extends FutureTask<T> {
    EnteringTask(Callable<T> body) {
      super(body);
    }
  }

  /**
   * Fixed pool whose every task enters the namespace first. Entering inside the task (not in the
   * thread's run method) means a setns failure fails that task's future instead of hanging it.
   */
  private final class NsExecutor extends ThreadPoolExecutor {
    final String purpose;

    NsExecutor(String purpose, int threads) {
      super(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
          Executors.defaultThreadFactory());
      this.purpose = purpose;
      AtomicInteger n = new AtomicInteger();
      // Threads are created lazily, so replacing the placeholder factory here is safe.
      setThreadFactory(r -> new NsThread(Netns.this, r,
          "netns-" + name + "-" + purpose + "-" + n.incrementAndGet()));
      // Default AbortPolicy: never run a task on the submitting (wrong-namespace) thread.
      setRejectedExecutionHandler(new ThreadPoolExecutor.AbortPolicy());
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> c) {
      return new EnteringTask<>(() -> {
        enterHere();
        return c.call();
      });
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable r, T value) {
      return newTaskFor(Executors.callable(r, value));
    }

    @Override
    public void execute(Runnable command) {
      if (command instanceof EnteringTask) {
        super.execute(command);
      } else {
        super.execute(() -> {
          enterHere();
          command.run();
        });
      }
    }
  }
}
