package dev.sekisho.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.ApplyOutcome;
import dev.sekisho.config.Action;
import dev.sekisho.config.AddressList;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.HostGroup;
import dev.sekisho.config.Network;
import dev.sekisho.config.Policy;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.lab.ProbeResult.Outcome;
import dev.sekisho.ruleset.RulesetCompiler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Objects with real packets through the lab gateway: a group rule holds for every member and, after the group
 * gains a member, for that host too while the chains stay exactly as they were (only set elements change);
 * an address list of both families; a service; and a block list of 100,000 entries.
 */
@KernelTest
class ObjectsKernelTest {
  private static final Duration OPEN = Duration.ofSeconds(3);
  private static final Duration BLOCKED = Duration.ofMillis(1200);

  @RegisterExtension
  static final LabExtension LAB = LabExtension.lab().withApplier();

  private static void apply(Config c) {
    ApplyOutcome o = LAB.applier().apply(RulesetCompiler.compile(c));
    assertTrue(o.ok(), () -> "apply failed: " + o.problems());
    LAB.network().exec(LabNetwork.ROLE_GW, "conntrack", "-F");
  }

  private static Outcome tcp(LabHost h, String ip, int port, Duration wait) {
    return LAB.network().tcpConnect(h.role(), ip, port, wait).outcome();
  }

  /** The chains of the loaded table, without the sets: what must not change when only members change. */
  private static String chains() {
    String all = LAB.network().exec(LabNetwork.ROLE_GW, "nft", "list", "table", "inet", "sekisho").stdout();
    StringBuilder out = new StringBuilder();
    boolean inSet = false;
    for (String line : all.split("\n")) {
      String t = line.strip();
      if (t.startsWith("set ")) {
        inSet = true;
      }
      if (!inSet) {
        out.append(line).append('\n');
      }
      if (inSet && t.equals("}")) {
        inSet = false;
      }
    }
    return out.toString();
  }

  @Test
  void aGroupRuleHoldsForEveryMemberAndForAMemberAddedLater() {
    Config base = LabSeed.dualStack().withSettings(s -> s.withLanDefault(Policy.ALLOW))
        .withGroups(List.of(new HostGroup(100, "kids devices", List.of(LabSeed.TABLET))))
        .withAddressLists(List.of(new AddressList(101, "the internet servers", List.of(
            Network.parse(LabNetwork.INTERNET_IP_1), Network.parse(LabNetwork.INTERNET_IP6_1)))))
        .withRule(new Rule(1, null, null, Protocol.ANY, null, Action.ALLOW, false, Comment.parse("kids: web"), true,
            100L, null, 1L))
        .withRule(new Rule(2, null, null, Protocol.ANY, null, Action.DENY, false, Comment.parse("kids: not there"),
            true, 100L, 101L, null));
    apply(base);
    // the member: HTTPS (the service) anywhere, nothing else to the listed servers, both families
    assertEquals(Outcome.CONNECTED, tcp(LabHost.TABLET, LabNetwork.INTERNET_IP_1, 443, OPEN));
    assertEquals(Outcome.TIMEOUT, tcp(LabHost.TABLET, LabNetwork.INTERNET_IP_1, 80, BLOCKED));
    assertEquals(Outcome.TIMEOUT, tcp(LabHost.TABLET, LabNetwork.INTERNET_IP6_1, 80, BLOCKED));
    assertEquals(Outcome.CONNECTED, tcp(LabHost.TABLET, LabNetwork.INTERNET_IP_2, 80, OPEN), "not on the list");
    // not a member yet
    assertEquals(Outcome.CONNECTED, tcp(LabHost.PRINTER, LabNetwork.INTERNET_IP_1, 80, OPEN));
    String before = chains();

    apply(base.withGroups(List.of(new HostGroup(100, "kids devices", List.of(LabSeed.TABLET, LabSeed.PRINTER)))));
    assertEquals(Outcome.TIMEOUT, tcp(LabHost.PRINTER, LabNetwork.INTERNET_IP_1, 80, BLOCKED), "now a member");
    assertEquals(Outcome.TIMEOUT, tcp(LabHost.PRINTER, LabNetwork.INTERNET_IP6_1, 80, BLOCKED), "over IPv6 too");
    assertEquals(Outcome.CONNECTED, tcp(LabHost.PRINTER, LabNetwork.INTERNET_IP_1, 443, OPEN));
    assertEquals(before, chains(), "only the group's set elements changed");
    String sets = LAB.network().exec(LabNetwork.ROLE_GW, "nft", "list", "set", "inet", "sekisho", "grp_100").stdout();
    assertTrue(sets.contains(LabHost.PRINTER.ip()), sets);
    assertEquals(Outcome.CONNECTED, tcp(LabHost.LAPTOP, LabNetwork.INTERNET_IP_1, 80, OPEN), "never a member");
  }

  @Test
  void aForwardAdmitsOnlyTheSourcesOfItsAddressList() throws Exception {
    LabNetwork lab = LAB.network();
    try (java.net.ServerSocket server = lab.in(LabHost.LAPTOP.role(), () -> {
      java.net.ServerSocket s = new java.net.ServerSocket();
      s.setReuseAddress(true);
      s.bind(new java.net.InetSocketAddress("0.0.0.0", 8000), 16);
      return s;
    })) {
      Thread t = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            server.accept().close();
          } catch (java.io.IOException e) {
            return;
          }
        }
      }, "laptop-server");
      t.setDaemon(true);
      t.start();
      Config base = LabSeed.base().withSettings(s -> s.withLanDefault(Policy.ALLOW))
          .withAddressLists(List.of(new AddressList(100, "partners", List.of(Network.parse(LabNetwork.UPSTREAM_IP)))))
          .withForward(new dev.sekisho.config.PortForward(1, Protocol.TCP, dev.sekisho.config.PortRange.of(8443),
              LabSeed.LAPTOP, null, 8000, List.of(), false, false, Comment.parse("partners only"), true, 100L));
      apply(base);
      assertEquals(Outcome.CONNECTED, lab.tcpConnect(LabNetwork.ROLE_NET, LabNetwork.GW_WAN_IP, 8443, OPEN).outcome(),
          "the internet's address is on the list");
      assertEquals(dev.sekisho.config.Explanation.Code.FORWARD_ADMITS, new dev.sekisho.config.Explain(base)
          .explain(new dev.sekisho.config.Explain.Query(dev.sekisho.config.Ipv4.parse(LabNetwork.UPSTREAM_IP), null,
              dev.sekisho.config.Ipv4.parse(LabNetwork.GW_WAN_IP), 6, 8443,
              dev.sekisho.config.Explain.Direction.FROM_WAN)).decidedBy().code());
      // the list changes, the forward does not: now the source is not admitted
      Config other = base.withAddressLists(List.of(new AddressList(100, "partners",
          List.of(Network.parse("192.0.2.0/24")))));
      apply(other);
      assertEquals(Outcome.TIMEOUT, lab.tcpConnect(LabNetwork.ROLE_NET, LabNetwork.GW_WAN_IP, 8443, BLOCKED)
          .outcome());
      assertEquals(dev.sekisho.config.Explanation.Code.FORWARD_SOURCE_NOT_ALLOWED, new dev.sekisho.config.Explain(other)
          .explain(new dev.sekisho.config.Explain.Query(dev.sekisho.config.Ipv4.parse(LabNetwork.UPSTREAM_IP), null,
              dev.sekisho.config.Ipv4.parse(LabNetwork.GW_WAN_IP), 6, 8443,
              dev.sekisho.config.Explain.Direction.FROM_WAN)).decidedBy().code());
      assertTrue(LAB.network().exec(LabNetwork.ROLE_GW, "nft", "list", "chain", "inet", "sekisho", "dstnat").stdout()
          .contains("ip saddr @list_100"));
    }
  }

  @Test
  void aBlockListOfOneHundredThousandEntriesLoadsAndBlocks() {
    List<Network> entries = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      entries.add(Network.parse("10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff)));
    }
    entries.add(Network.parse(LabNetwork.INTERNET_IP_2));
    Config c = LabSeed.base().withSettings(s -> s.withLanDefault(Policy.ALLOW))
        .withAddressLists(List.of(new AddressList(100, "block list", entries)))
        .withRule(new Rule(1, null, null, Protocol.ANY, null, Action.REJECT, false, Comment.parse("block list"), true,
            null, 100L, null));
    long t0 = System.nanoTime();
    apply(c);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("ObjectsKernelTest: compile + nft -c + nft -f of a 100,001-entry list: " + ms + " ms");
    assertNotEquals(Outcome.CONNECTED, tcp(LabHost.LAPTOP, LabNetwork.INTERNET_IP_2, 80, OPEN), "listed: refused");
    assertEquals(Outcome.CONNECTED, tcp(LabHost.LAPTOP, LabNetwork.INTERNET_IP_1, 80, OPEN), "not listed");
  }
}
