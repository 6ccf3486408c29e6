package dev.sekisho.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plain unit tests (no root needed) for the command runner and naming. */
class NetnsSupportTest {

  @Test
  void runCapturesOutputAndExitCode() {
    ExecResult r = NetnsSupport.run(Duration.ofSeconds(5), null,
        List.of("sh", "-c", "echo out; echo err >&2; exit 3"));
    assertEquals(3, r.exitCode());
    assertEquals("out\n", r.stdout());
    assertEquals("err\n", r.stderr());
    assertFalse(r.ok());
    assertFalse(r.timedOut());
  }

  @Test
  void runFeedsStdin() {
    ExecResult r = NetnsSupport.run(Duration.ofSeconds(5),
        "hello\n".getBytes(StandardCharsets.UTF_8), List.of("cat"));
    assertTrue(r.ok());
    assertEquals("hello\n", r.stdout());
  }

  @Test
  void runKillsOnTimeout() {
    long t0 = System.nanoTime();
    ExecResult r = NetnsSupport.run(Duration.ofMillis(200), null, List.of("sleep", "30"));
    assertTrue(r.timedOut());
    assertFalse(r.ok());
    assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos());
  }

  @Test
  void prefixEmbedsPid() {
    String p = NetnsSupport.newPrefix();
    assertTrue(p.startsWith("sk" + ProcessHandle.current().pid() + "x"), p);
    assertTrue(p.endsWith("-"), p);
  }

  @Test
  void probeResultParsesServerLine() {
    ProbeResult r = new ProbeResult(ProbeResult.Outcome.CONNECTED,
        "SEKISHO-LAB port=443 from=198.51.100.2:51234", null, Duration.ZERO);
    assertEquals("198.51.100.2", r.serverSawAddress().orElseThrow());
    assertEquals(51234, r.serverSawPort().orElseThrow());
    assertEquals(443, r.serverPort().orElseThrow());
    assertTrue(r.connected());
    assertEquals("", r.detail());
  }
}
