package dev.sekisho.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.ApplyOutcome;
import dev.sekisho.config.Action;
import dev.sekisho.config.Cidr;
import dev.sekisho.config.Cidr6;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.Network;
import dev.sekisho.config.Policy;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.lab.KernelTest;
import dev.sekisho.lab.LabExtension;
import dev.sekisho.lab.LabHost;
import dev.sekisho.lab.LabNetwork;
import dev.sekisho.lab.LabSeed;
import dev.sekisho.lab.ProbeResult;
import dev.sekisho.ruleset.RulesetCompiler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live flows over IPv6 with real packets through the dual-stack lab gateway: a host's IPv6 connection is a flow
 * named by the host's MAC with its own (not translated) address, and an IPv6 connection a logged rule blocks is
 * a blocked event attributed to that rule.
 */
@KernelTest
class CaptureIpv6KernelTest {
  private static final long DENY_RULE = 21;

  @RegisterExtension
  static final LabExtension LAB = LabExtension.lab().withApplier();

  @Test
  void ipv6ConnectionsAreNamedFlowsAndBlockedOnesNameTheirRule() throws Exception {
    LabNetwork lab = LAB.network();
    Config config = LabSeed.dualStack().withSettings(s -> s.withLanDefault(Policy.ALLOW))
        .withRule(new Rule(DENY_RULE, LabSeed.PRINTER, Cidr6.parse(LabNetwork.INTERNET_IP6_1), Protocol.TCP,
            PortRange.of(80), Action.DENY, true, Comment.parse("no printer to the IPv6 web"), true));
    ApplyOutcome o = LAB.applier().apply(RulesetCompiler.compile(config));
    assertTrue(o.ok(), () -> "apply failed: " + o.problems());
    List<Network> nets = List.of(Cidr.parse(LabNetwork.LAN_CIDR), Cidr6.parse(LabNetwork.LAN_CIDR6));
    CaptureService capture = new CaptureService(CaptureService.Settings.defaults(LabNetwork.GW_LAN_IF, nets),
        () -> lab.namespace(LabNetwork.ROLE_GW).newExecutor("capture", 2));
    try {
      capture.start();
      await(Duration.ofSeconds(5), () -> capture.status().running() && capture.blockedStatus().running());
      assertTrue(capture.status().running(), () -> "flow capture: " + capture.status());
      HostNames names = HostNames.of(config);

      ProbeResult ok = lab.tcp(LabHost.LAPTOP.role(), LabNetwork.INTERNET_IP6_2, 443, Duration.ofSeconds(3));
      assertEquals(ProbeResult.Outcome.CONNECTED, ok.outcome(), ok::toString);
      AtomicReference<FlowPage> page = new AtomicReference<>();
      await(Duration.ofSeconds(3), () -> {
        page.set(capture.flows(new FlowQuery("laptop", LabNetwork.INTERNET_IP6_2, 443, "tcp", null, null, 10),
            names));
        return page.get().matched() == 1 && page.get().flows().get(0).flow().packetsIn() > 0;
      });
      assertEquals(1, page.get().matched(), () -> "flows: " + capture.snapshot().flows());
      NamedFlow f = page.get().flows().get(0);
      assertEquals("laptop", f.hostName());
      assertEquals(LabHost.LAPTOP.ip6(), f.flow().key().lanAddress().toString(), "no NAT66: the host's own address");
      assertTrue(f.flow().packetsOut() >= 3 && f.flow().packetsIn() >= 2, f::toString);

      Instant before = Instant.now();
      ProbeResult blocked = lab.tcpConnect(LabHost.PRINTER.role(), LabNetwork.INTERNET_IP6_1, 80,
          Duration.ofMillis(800));
      assertEquals(ProbeResult.Outcome.TIMEOUT, blocked.outcome(), blocked::toString);
      AtomicReference<List<BlockedEvent>> events = new AtomicReference<>(List.of());
      await(Duration.ofSeconds(3), () -> {
        events.set(capture.blocked(20, names));
        return events.get().stream().anyMatch(e -> e.ruleId() == DENY_RULE);
      });
      BlockedEvent e = events.get().stream().filter(x -> x.ruleId() == DENY_RULE).findFirst()
          .orElseThrow(() -> new AssertionError("no blocked event: " + capture.blockedCounters()));
      assertEquals("deny", e.action());
      assertEquals(LabHost.PRINTER.ip6(), e.src().toString());
      assertEquals(LabNetwork.INTERNET_IP6_1, e.dst().toString());
      assertEquals(80, e.dstPort());
      assertEquals("printer", e.hostName());
      assertTrue(!e.time().isBefore(before.minusSeconds(1)), e::toString);
    } finally {
      capture.close();
    }
  }

  private static void await(Duration max, java.util.function.BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < end) {
      Thread.sleep(50);
    }
  }
}
