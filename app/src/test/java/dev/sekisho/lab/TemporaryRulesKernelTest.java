package dev.sekisho.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.ApplyOutcome;
import dev.sekisho.config.Action;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.Policy;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.lab.ProbeResult.Outcome;
import dev.sekisho.ruleset.RulesetCompiler;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Temporary and count-limited rules with real packets through the lab gateway (LAN default deny): a
 * temporary allow stops allowing on time with nothing but the kernel at work, a re-apply, a reload of the
 * stored text and a boot restore from the ruleset file in the middle keep the remaining time, and "the next 3 connections" refuses the 4th, also across
 * a re-apply; and under a burst of 200 parallel connections against N = 50 exactly 50 get through.
 */
@KernelTest
class TemporaryRulesKernelTest {
  private static final Duration OPEN = Duration.ofSeconds(3);
  private static final Duration BLOCKED = Duration.ofMillis(1200);
  private static final Pattern EXPIRES = Pattern.compile("expires (?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");

  @RegisterExtension
  static final LabExtension LAB = LabExtension.lab().withApplier();

  private static Config base() {
    return LabSeed.base().withSettings(s -> s.withLanDefault(Policy.DENY));
  }

  private static Rule allowWeb(long id, String comment) {
    return new Rule(id, LabSeed.TABLET, null, Protocol.TCP, null, Action.ALLOW, false, Comment.parse(comment), true);
  }

  private static String apply(Config c, Instant now) {
    ApplyOutcome o = LAB.applier().apply(RulesetCompiler.compile(c, now));
    assertTrue(o.ok(), () -> "apply failed: " + o.problems());
    LAB.network().exec(LabNetwork.ROLE_GW, "conntrack", "-F");
    return o.ruleset();
  }

  private static Outcome web(Duration wait) {
    return LAB.network().tcpConnect(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_1, 80, wait).outcome();
  }

  /** What the kernel says remains of a timer element, in milliseconds. */
  private static long remainingMs(String set) {
    String listed = LAB.network().exec(LabNetwork.ROLE_GW, "nft", "list", "set", "inet", "sekisho", set).stdout();
    Matcher m = EXPIRES.matcher(listed);
    assertTrue(m.find(), listed);
    long ms = 0;
    ms += m.group(1) == null ? 0 : Long.parseLong(m.group(1)) * 60_000;
    ms += m.group(2) == null ? 0 : Long.parseLong(m.group(2)) * 1000;
    ms += m.group(3) == null ? 0 : Long.parseLong(m.group(3));
    return ms;
  }

  private static void sleepUntil(Instant t) throws InterruptedException {
    long ms = Duration.between(Instant.now(), t).toMillis();
    if (ms > 0) {
      Thread.sleep(ms);
    }
  }

  @Test
  void aTemporaryAllowEndsOnTimeWithOnlyTheKernelAtWork() throws Exception {
    Instant now = Instant.now();
    Instant end = now.plusSeconds(5);
    apply(base().withRule(allowWeb(1, "tablet: web for 5 s").withLimits(end, null)), now);
    assertEquals(Outcome.CONNECTED, web(OPEN), "allowed while it lasts");
    // Nothing of Sekisho runs from here on: no apply, no timer of ours; only the kernel's element timeout.
    sleepUntil(end.plusMillis(300));
    assertEquals(Outcome.TIMEOUT, web(BLOCKED), "a new connection after the end is not allowed");
    assertTrue(LAB.network().exec(LabNetwork.ROLE_GW, "nft", "list", "set", "inet", "sekisho", "tmp_1").stdout()
        .contains("flags timeout"));
  }

  @Test
  void aReapplyAndAReloadInTheMiddleKeepTheRemainingTime() throws Exception {
    Instant start = Instant.now();
    Instant end = start.plusSeconds(8);
    Config c = base().withRule(allowWeb(1, "tablet: web for 8 s").withLimits(end, null));
    String first = apply(c, start);
    sleepUntil(start.plusSeconds(3));
    // a re-apply, compiled now: what remains is about 5 s, not 8
    apply(c, Instant.now());
    long left = remainingMs("tmp_1");
    assertTrue(left <= 5_100 && left >= 3_500, "remaining after the re-apply: " + left + " ms");
    sleepUntil(start.plusSeconds(5));
    // the text stored at the first apply, loaded again (a rollback, a boot restore): still not extended
    assertTrue(LAB.applier().loadText(first).ok());
    left = remainingMs("tmp_1");
    assertTrue(left <= 3_100 && left >= 1_500, "remaining after reloading the first text: " + left + " ms");
    LAB.network().exec(LabNetwork.ROLE_GW, "conntrack", "-F");
    assertEquals(Outcome.CONNECTED, web(OPEN), "still allowed before its end");
    sleepUntil(start.plusSeconds(6));
    // a restart of the gateway: the boot restore loads the confirmed ruleset file written at the first apply
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sekisho-temp-boot-");
    try {
      dev.sekisho.apply.RulesetFile files = new dev.sekisho.apply.RulesetFile(dir);
      files.write(first);
      LAB.network().exec(LabNetwork.ROLE_GW, "nft", "delete", "table", "inet", "sekisho");
      dev.sekisho.apply.BootRestore.Report report = new dev.sekisho.apply.BootRestore(
          dev.sekisho.apply.ProcessNft.inNamespace(LAB.network().gwNamespaceName()), files).run();
      assertEquals(dev.sekisho.apply.BootRestore.EXIT_CONFIRMED, report.exitCode(), report.lines().toString());
    } finally {
      try (var walk = java.nio.file.Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    left = remainingMs("tmp_1");
    assertTrue(left <= 2_100 && left >= 500, "remaining after the boot restore: " + left + " ms");
    sleepUntil(end.plusMillis(300));
    LAB.network().exec(LabNetwork.ROLE_GW, "conntrack", "-F");
    assertEquals(Outcome.TIMEOUT, web(BLOCKED), "ended at the original end");
  }

  @Test
  void theNextThreeConnectionsPassAndTheFourthIsRefusedAlsoAcrossAReapply() {
    Config c = base().withRule(allowWeb(3, "tablet: next 3").withLimits(null, 3));
    apply(c, Instant.now());
    assertEquals(Outcome.CONNECTED, web(OPEN), "1st");
    assertEquals(Outcome.CONNECTED, web(OPEN), "2nd");
    // a re-apply must not reset the count (apply() also flushes conntrack: the counted ids stay counted)
    apply(c, Instant.now());
    assertEquals(Outcome.CONNECTED, web(OPEN), "3rd");
    assertEquals(Outcome.TIMEOUT, web(BLOCKED), "the 4th new connection is refused");
    assertEquals(3, LAB.applier().connectionsCounted(3));
    // the explain page asks the kernel the same way: the used-up rule matches nothing
    dev.sekisho.config.Explanation e = new dev.sekisho.config.Explain(c, Instant.now(),
        id -> LAB.applier().connectionsCounted(id) >= 3).explain(new dev.sekisho.config.Explain.Query(
            dev.sekisho.config.Ipv4.parse(LabHost.TABLET.ip()), null,
            dev.sekisho.config.Ipv4.parse(LabNetwork.INTERNET_IP_1), 6, 80, dev.sekisho.config.Explain.Direction.FORWARD));
    assertEquals(dev.sekisho.config.Explanation.RuleOutcome.SKIPPED_USED_UP, e.rules().get(0).outcome());
    assertEquals(dev.sekisho.config.Explanation.Verdict.DROP, e.verdict());
    String set = LAB.network().exec(LabNetwork.ROLE_GW, "nft", "list", "set", "inet", "sekisho", "cnt_3").stdout();
    assertTrue(set.contains("size 3"), set);
  }

  @Test
  void aBurstOfTwoHundredAgainstFiftyLetsExactlyFiftyThrough() throws Exception {
    apply(base().withRule(allowWeb(50, "tablet: next 50").withLimits(null, 50)), Instant.now());
    int connected = LAB.network().in(LabHost.TABLET.role(), () -> burst(200, Duration.ofSeconds(6)));
    System.out.println("TemporaryRulesKernelTest: burst of 200 parallel new connections against N = 50: "
        + connected + " connected");
    assertEquals(50, connected);
  }

  /** Opens {@code n} connections at once (non-blocking) and counts those whose handshake completes in time. */
  private static int burst(int n, Duration wait) throws Exception {
    List<SocketChannel> channels = new ArrayList<>();
    int connected = 0;
    try (Selector sel = Selector.open()) {
      for (int i = 0; i < n; i++) {
        SocketChannel ch = SocketChannel.open();
        channels.add(ch);
        ch.configureBlocking(false);
        if (ch.connect(new InetSocketAddress(LabNetwork.INTERNET_IP_1, 80))) {
          connected++;
        } else {
          ch.register(sel, SelectionKey.OP_CONNECT);
        }
      }
      long deadline = System.nanoTime() + wait.toNanos();
      while (System.nanoTime() < deadline && !sel.keys().isEmpty()) {
        sel.select(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        for (SelectionKey k : sel.selectedKeys()) {
          SocketChannel ch = (SocketChannel) k.channel();
          try {
            if (ch.finishConnect()) {
              connected++;
            }
          } catch (java.io.IOException e) {
            // refused or reset: not connected
          }
          k.cancel();
        }
        sel.selectedKeys().clear();
        sel.selectNow();
      }
    } finally {
      for (SocketChannel ch : channels) {
        ch.close();
      }
    }
    return connected;
  }
}
