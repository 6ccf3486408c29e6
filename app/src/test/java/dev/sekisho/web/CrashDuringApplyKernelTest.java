package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.ProcessNft;
import dev.sekisho.cli.Appliance;
import dev.sekisho.config.Config;
import dev.sekisho.lab.KernelTest;
import dev.sekisho.lab.LabExtension;
import dev.sekisho.lab.LabHost;
import dev.sekisho.lab.LabNetwork;
import dev.sekisho.lab.LabSeed;
import dev.sekisho.lab.ProbeResult;
import dev.sekisho.store.Notice;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A half-confirmed state must not survive a crash: a real Sekisho process applies, is killed with SIGKILL
 * while the apply waits, and the next start puts the previous ruleset and configuration back.
 */
@KernelTest
class CrashDuringApplyKernelTest {
  private static final Duration PROBE = Duration.ofSeconds(2);

  @RegisterExtension
  final LabExtension fixture = LabExtension.lab();

  @TempDir
  Path tmp;

  @Test
  void killedDuringAPendingApplyTheNextStartRollsItBack() throws Exception {
    Path data = tmp.resolve("data");
    LabNetwork lab = fixture.network();
    Config before;
    try (Appliance first = open(data, lab)) {
      assertTrue(first.applyLastKnown().ok());
      before = first.configs().load();
    }
    assertTrue(lab.tcp(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_1, 80, PROBE).connected());

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder("ip", "netns", "exec", lab.gwNamespaceName(), java,
        "-cp", System.getProperty("java.class.path"), PendingApplyChild.class.getName(), data.toString())
        .redirectErrorStream(true).start();
    try {
      String line = readPendingLine(child);
      assertTrue(line.startsWith("PENDING"), "the child applied: " + line);
      assertEquals(ProbeResult.Outcome.REFUSED,
          lab.tcp(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_1, 80, PROBE).outcome(),
          "the waiting apply is in the kernel");
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
      assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the child died");
      assertEquals(137, child.exitValue(), "killed by SIGKILL");
    } finally {
      child.destroyForcibly();
    }
    assertTrue(kernelTable(lab).contains("applied by the process that dies"), "killing changes nothing by itself");

    try (Appliance again = open(data, lab)) {
      assertTrue(again.safeApply().waiting().isEmpty(), "nothing waits after the restart");
      assertEquals(before, again.configs().load(), "the draft is the configuration from before");
      assertEquals(before, again.applied().current().orElseThrow().config());
      List<Notice> notices = again.notices().open();
      assertTrue(notices.stream().anyMatch(n -> n.message().contains("stopped before it was confirmed")),
          notices.toString());
    }
    assertFalse(kernelTable(lab).contains("applied by the process that dies"), "the kernel has the old ruleset");
    assertTrue(lab.tcp(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_1, 80, PROBE).connected(),
        "and the tablet reaches the web again");
  }

  /** Opened twice on the same data directory, so not {@link LabExtension#withAppliance}; never started. */
  private static Appliance open(Path data, LabNetwork lab) {
    return LabExtension.openAppliance(data, ProcessNft.inNamespace(lab.gwNamespaceName()), LabSeed.base(),
        LabExtension.PASSWORD, "127.0.0.1", 0, null);
  }

  private static String kernelTable(LabNetwork lab) {
    return lab.exec(LabNetwork.ROLE_GW, "nft", "list", "table", "inet", "sekisho").stdout();
  }

  /** The child's first line, waiting at most 60 s (JVM start, database, nft). */
  private static String readPendingLine(Process child) throws Exception {
    BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < until) {
      if (!r.ready()) {
        if (!child.isAlive() && !r.ready()) {
          return "child exited " + child.exitValue() + ": " + seen;
        }
        Thread.sleep(50);
        continue;
      }
      String line = r.readLine();
      if (line == null) {
        break;
      }
      if (line.startsWith("PENDING") || line.startsWith("FAILED")) {
        return line;
      }
      seen.append(line).append('\n');
    }
    return "no PENDING line: " + seen;
  }
}
