package dev.sekisho.apply;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real nft binary as a child process: arguments as a list, the ruleset written to its standard
 * input, no shell anywhere. The command prefix decides which network namespace is managed: {@code nft} on
 * a real gateway, {@code ip netns exec <ns> nft} in the lab. nft always runs with {@code TZ=UTC}: the compiler
 * writes schedules' {@code meta hour} times in UTC, and nft would otherwise shift them by its local offset.
 */
public final class ProcessNft implements Nft {
  private static final long TIMEOUT_SECONDS = 30;
  private final List<String> prefix;

  /** Runs {@code nft} in the namespace this process lives in. */
  public static ProcessNft local() {
    return new ProcessNft(List.of("nft"));
  }

  /** Runs {@code nft} inside the named network namespace. */
  public static ProcessNft inNamespace(String netns) {
    if (!netns.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new IllegalArgumentException("bad namespace name");
    }
    return new ProcessNft(List.of("ip", "netns", "exec", netns, "nft"));
  }

  private ProcessNft(List<String> prefix) {
    this.prefix = List.copyOf(prefix);
  }

  /** The command every call starts with, for display and tests. */
  public List<String> prefix() {
    return prefix;
  }

  @Override
  public NftResult run(List<String> args, String stdin) {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(args);
    Process p;
    try {
      ProcessBuilder b = new ProcessBuilder(cmd);
      // nft reads and prints "meta hour" times in its own local time; the compiler writes them in UTC.
      b.environment().put("TZ", "UTC");
      p = b.start();
    } catch (IOException e) {
      return new NftResult(127, "", "cannot run " + String.join(" ", cmd) + ": " + e.getMessage());
    }
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // nft may exit before reading everything (e.g. on a usage error); its stderr says why.
    }
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new NftResult(124, "", "nft did not finish within " + TIMEOUT_SECONDS + " s");
      }
      return new NftResult(p.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return new NftResult(130, "", "interrupted while waiting for nft");
    }
  }

  private static CompletableFuture<String> drain(InputStream s) {
    return CompletableFuture.supplyAsync(() -> {
      try (s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        s.transferTo(b);
        return b.toString(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
