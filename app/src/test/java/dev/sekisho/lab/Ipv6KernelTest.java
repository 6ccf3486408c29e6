package dev.sekisho.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.Applier;
import dev.sekisho.apply.ApplyOutcome;
import dev.sekisho.config.Action;
import dev.sekisho.config.Cidr6;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.Policy;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.lab.ProbeResult.Outcome;
import dev.sekisho.ruleset.RulesetCompiler;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * IPv6 through the lab gateway with real packets: a configuration without an IPv6 prefix forwards none; with
 * one, a host's rules hold over IPv6 too (written once, keyed by its MAC), a host cannot escape them by
 * switching family or by picking another source address, nothing is opened from the WAN, and ICMPv6 "packet
 * too big" from a router behind the gateway reaches the host, so path MTU discovery works.
 */
@KernelTest
class Ipv6KernelTest {
  private static final Duration OPEN = Duration.ofSeconds(3);
  private static final Duration BLOCKED = Duration.ofMillis(1500);
  private static final String NET6 = LabNetwork.INTERNET_IP6_1;

  @RegisterExtension
  static final LabExtension LAB = LabExtension.lab().withApplier();

  @BeforeEach
  void fresh() {
    LAB.network().exec(LabNetwork.ROLE_GW, "nft", "flush", "ruleset").requireOk();
    LAB.network().exec(LabNetwork.ROLE_GW, "conntrack", "-F");
  }

  private static void apply(Config c) {
    Applier a = LAB.applier();
    ApplyOutcome o = a.apply(RulesetCompiler.compile(c));
    assertTrue(o.ok(), () -> "apply failed: " + o.problems());
  }

  private static Outcome tcp(LabHost from, String ip, int port, Duration wait) {
    return LAB.network().tcpConnect(from.role(), ip, port, wait).outcome();
  }

  @Test
  void withoutAnIpv6PrefixNothingIsForwardedOverIpv6() {
    LabNetwork lab = LAB.network();
    // Control: the bare gateway (no ruleset) forwards IPv6, so what follows is the ruleset's doing.
    assertEquals(Outcome.CONNECTED, tcp(LabHost.LAPTOP, NET6, 443, OPEN));
    apply(LabSeed.base());
    assertEquals(Outcome.TIMEOUT, tcp(LabHost.LAPTOP, NET6, 443, BLOCKED), "IPv6 is not forwarded");
    assertEquals(Outcome.CONNECTED, tcp(LabHost.LAPTOP, LabNetwork.INTERNET_IP_1, 443, OPEN), "IPv4 still is");
    assertTrue(lab.exec(LabNetwork.ROLE_GW, "nft", "list", "chain", "inet", "sekisho", "forward").stdout()
        .contains("meta nfproto ipv6 drop"));
  }

  @Test
  void aHostsDenyRuleBlocksItOverIpv6TooAndOthersPass() {
    Config c = LabSeed.dualStack().withSettings(s -> s.withLanDefault(Policy.ALLOW))
        .withRule(new Rule(1, LabSeed.TABLET, null, Protocol.TCP, PortRange.of(443), Action.DENY, false,
            new Comment("no HTTPS for the tablet, either family"), true))
        .withRule(new Rule(2, LabSeed.LAPTOP, Cidr6.parse("2001:db8:113::20"), Protocol.TCP, PortRange.of(80),
            Action.REJECT, false, Comment.NONE, true));
    apply(c);
    assertEquals(Outcome.TIMEOUT, tcp(LabHost.TABLET, NET6, 443, BLOCKED));
    assertEquals(Outcome.TIMEOUT, tcp(LabHost.TABLET, LabNetwork.INTERNET_IP_1, 443, BLOCKED));
    assertEquals(Outcome.CONNECTED, tcp(LabHost.TABLET, NET6, 80, OPEN), "the rule is about 443 only");
    assertEquals(Outcome.CONNECTED, tcp(LabHost.LAPTOP, NET6, 443, OPEN));
    // the server saw the laptop's own IPv6 address: no NAT66
    ProbeResult line = LAB.network().tcp(LabHost.LAPTOP.role(), NET6, 443, OPEN);
    assertTrue(line.line() != null && line.line().contains("from=" + LabHost.LAPTOP.ip6()), line::toString);
    // an IPv6-only rule: refused over IPv6, the same port over IPv4 is not touched
    assertEquals(Outcome.REFUSED, tcp(LabHost.LAPTOP, LabNetwork.INTERNET_IP6_2, 80, OPEN));
    assertEquals(Outcome.CONNECTED, tcp(LabHost.LAPTOP, LabNetwork.INTERNET_IP_2, 80, OPEN));
    // ping over IPv6: echo is an "icmp" connection like over IPv4
    assertTrue(LAB.network().ping(LabHost.TABLET.role(), NET6), "echo over IPv6 passes with the default allow");
  }

  @Test
  void aHostCannotEscapeItsRulesByAnotherSourceAddressOrFamily() {
    LabNetwork lab = LAB.network();
    Config c = LabSeed.dualStack().withSettings(s -> s.withLanDefault(Policy.ALLOW))
        .withRule(new Rule(1, LabSeed.TABLET, null, Protocol.ANY, null, Action.DENY, false,
            new Comment("the tablet may do nothing"), true));
    apply(c);
    Netns tablet = lab.namespace(LabHost.TABLET.role());
    String self = "2001:db8:77::abcd";
    tablet.ip("-6", "addr", "add", self + "/64", "dev", LabNetwork.HOST_IF, "nodad");
    tablet.ip("-6", "route", "replace", "default", "via", LabNetwork.GW_LAN_IP6, "src", self);
    try {
      // an address it picked itself (as SLAAC privacy addresses are): its rules follow its MAC
      assertEquals(Outcome.TIMEOUT, tcp(LabHost.TABLET, NET6, 443, BLOCKED));
    } finally {
      tablet.ip("-6", "route", "replace", "default", "via", LabNetwork.GW_LAN_IP6);
      tablet.ip("-6", "addr", "del", self + "/64", "dev", LabNetwork.HOST_IF);
    }
    String outside = "2001:db8:99::11";
    // were the gateway to forward it, the answers would come back: the "internet" routes that prefix to it too
    Netns net = lab.namespace(LabNetwork.ROLE_NET);
    net.ip("-6", "route", "add", "2001:db8:99::/64", "via", LabNetwork.GW_WAN_IP6);
    lab.namespace(LabNetwork.ROLE_GW).ip("-6", "route", "add", "2001:db8:99::/64", "dev", LabNetwork.GW_LAN_IF);
    tablet.ip("-6", "addr", "add", outside + "/128", "dev", LabNetwork.HOST_IF, "nodad");
    tablet.ip("-6", "route", "replace", "default", "via", LabNetwork.GW_LAN_IP6, "src", outside);
    try {
      assertEquals(Outcome.TIMEOUT, tcp(LabHost.TABLET, NET6, 443, BLOCKED), "a source outside the LAN prefix");
    } finally {
      tablet.ip("-6", "route", "replace", "default", "via", LabNetwork.GW_LAN_IP6);
      tablet.ip("-6", "addr", "del", outside + "/128", "dev", LabNetwork.HOST_IF);
      net.ip("-6", "route", "del", "2001:db8:99::/64");
      lab.namespace(LabNetwork.ROLE_GW).ip("-6", "route", "del", "2001:db8:99::/64");
    }
    // the guest (unknown, no rules) borrows the laptop's listed IPv6 address: dropped as spoofed
    Netns guest = lab.namespace(LabHost.GUEST.role());
    Netns laptop = lab.namespace(LabHost.LAPTOP.role());
    assertEquals(Outcome.CONNECTED, tcp(LabHost.GUEST, NET6, 443, OPEN), "control: the guest may use IPv6");
    // the laptop gives the address up, so that answers of a forwarded packet would reach the guest
    laptop.ip("-6", "addr", "del", LabHost.LAPTOP.ip6() + "/64", "dev", LabNetwork.HOST_IF);
    guest.ip("-6", "addr", "add", LabHost.LAPTOP.ip6() + "/64", "dev", LabNetwork.HOST_IF, "nodad");
    guest.ip("-6", "route", "replace", "default", "via", LabNetwork.GW_LAN_IP6, "src", LabHost.LAPTOP.ip6());
    try {
      assertEquals(Outcome.TIMEOUT, tcp(LabHost.GUEST, NET6, 443, BLOCKED), "a listed address from another MAC");
    } finally {
      guest.ip("-6", "route", "replace", "default", "via", LabNetwork.GW_LAN_IP6);
      guest.ip("-6", "addr", "del", LabHost.LAPTOP.ip6() + "/64", "dev", LabNetwork.HOST_IF);
      laptop.ip("-6", "addr", "add", LabHost.LAPTOP.ip6() + "/64", "dev", LabNetwork.HOST_IF, "nodad");
      laptop.ip("-6", "route", "replace", "default", "via", LabNetwork.GW_LAN_IP6);
      lab.namespace(LabNetwork.ROLE_GW).ip("-6", "neigh", "flush", "dev", LabNetwork.GW_LAN_IF);
    }
    // switching family does not help either: the same rule holds over IPv4
    assertEquals(Outcome.TIMEOUT, tcp(LabHost.TABLET, LabNetwork.INTERNET_IP_1, 443, BLOCKED));
    // and the other hosts were never affected
    assertEquals(Outcome.CONNECTED, tcp(LabHost.LAPTOP, NET6, 443, OPEN));
  }

  @Test
  void anUnsolicitedInboundIpv6ConnectionIsDropped() throws Exception {
    LabNetwork lab = LAB.network();
    try (ServerSocket server = lab.in(LabHost.LAPTOP.role(), () -> {
      ServerSocket s = new ServerSocket();
      s.bind(new InetSocketAddress("::", 40123), 8);
      return s;
    })) {
      ExecutorService accept = Executors.newSingleThreadExecutor();
      try {
        accept.submit(() -> {
          for (int i = 0; i < 4; i++) {
            try (Socket s = server.accept()) {
              s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            }
          }
          return null;
        });
        // Control: without Sekisho's table the LAN host is reachable from the "internet" (routed, no NAT66).
        assertEquals(Outcome.CONNECTED, lab.tcpConnect(LabNetwork.ROLE_NET, LabHost.LAPTOP.ip6(), 40123, OPEN)
            .outcome());
        apply(LabSeed.dualStack().withSettings(s -> s.withLanDefault(Policy.ALLOW)));
        assertEquals(Outcome.TIMEOUT, lab.tcpConnect(LabNetwork.ROLE_NET, LabHost.LAPTOP.ip6(), 40123, BLOCKED)
            .outcome(), "nothing is opened from the WAN");
        assertTrue(!lab.ping(LabNetwork.ROLE_NET, LabHost.LAPTOP.ip6()), "not even echo");
        // while the laptop's own connections out work, and their answers come back
        assertEquals(Outcome.CONNECTED, tcp(LabHost.LAPTOP, NET6, 443, OPEN));
      } finally {
        accept.shutdownNow();
      }
    }
  }

  /**
   * The laptop sends 64 KiB to {@code far}, whose link has an MTU of 1280 on net's side: net answers the
   * first full-size segments with "packet too big", which must reach the laptop through the gateway, or the
   * connection stalls (a path MTU black hole). The laptop's route cache learns the smaller MTU.
   */
  @Test
  void packetTooBigFromARouterBehindTheGatewayReachesTheHost() throws Exception {
    LabNetwork lab = LAB.network();
    apply(LabSeed.dualStack().withSettings(s -> s.withLanDefault(Policy.ALLOW)));
    int size = 64 * 1024;
    try (ServerSocket server = lab.in(LabNetwork.ROLE_FAR, () -> {
      ServerSocket s = new ServerSocket();
      s.bind(new InetSocketAddress("::", 40200), 4);
      return s;
    })) {
      server.setSoTimeout(15_000);
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<Integer> received = pool.submit(() -> {
          try (Socket s = server.accept()) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            int n = 0;
            byte[] buf = new byte[8192];
            for (int r; n < size && (r = in.read(buf)) > 0; ) {
              n += r;
            }
            s.getOutputStream().write(("got " + n + "\n").getBytes(StandardCharsets.US_ASCII));
            return n;
          }
        });
        String reply = lab.in(LabHost.LAPTOP.role(), () -> {
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(LabNetwork.FAR_IP6, 40200), 3000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(new byte[size]);
            out.flush();
            byte[] b = s.getInputStream().readNBytes(16);
            return new String(b, StandardCharsets.US_ASCII).strip();
          }
        });
        assertEquals("got " + size, reply);
        assertEquals(size, received.get(5, TimeUnit.SECONDS));
      } finally {
        pool.shutdownNow();
      }
    }
    String route = lab.exec(LabHost.LAPTOP.role(), "ip", "-6", "route", "get", LabNetwork.FAR_IP6).stdout();
    assertTrue(route.contains("mtu " + LabNetwork.FAR_MTU), "the laptop learned the path MTU: " + route);
  }
}
