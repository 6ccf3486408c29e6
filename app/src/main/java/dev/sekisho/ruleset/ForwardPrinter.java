package dev.sekisho.ruleset;

import dev.sekisho.config.Cidr;
import dev.sekisho.config.Config;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.PortForward;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Role;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Prints the port forwards of a validated configuration (IPv4 only): the destination NAT rules in a
 * {@code dstnat} chain, the filter accept that belongs to each forward, and for NAT reflection the LAN-side
 * DNAT and the masquerade that makes the server answer through the gateway. Every line names its forward as
 * {@code forward #id}; no text of the admin's reaches the ruleset but the validated interface names.
 */
final class ForwardPrinter {
  private final Config config;
  private final List<PortForward> forwards;
  private final String lan;
  private final String wan;
  private final Ipv4 wanAddress;

  ForwardPrinter(Config config) {
    this.config = config;
    this.forwards = config.forwards().stream().filter(PortForward::enabled).toList();
    this.lan = NftText.interfaces(names(config, Role.LAN));
    List<NetInterface> wans = config.interfaces(Role.WAN);
    this.wan = wans.isEmpty() ? null : NftText.interfaces(names(config, Role.WAN));
    this.wanAddress = wans.isEmpty() || wans.get(0).address() == null ? null : wans.get(0).address().address();
  }

  private static List<String> names(Config c, Role r) {
    return c.interfaces(r).stream().map(NetInterface::name).toList();
  }

  /** True when there is anything to print; without forwards the ruleset is exactly what it was before. */
  boolean any() {
    return !forwards.isEmpty() && wan != null;
  }

  /**
   * True when some forward is reflected: it needs a static WAN address, since the DNAT on the LAN side
   * matches the WAN address itself (with DHCP the configuration does not know it, and {@code fib daddr type
   * local} would also catch the gateway's LAN address and shadow its services).
   */
  boolean reflects() {
    return any() && wanAddress != null && forwards.stream().anyMatch(PortForward::reflection);
  }

  /** The {@code dstnat} chain: one DNAT per forward from the WAN, and one from the LAN when it is reflected. */
  void dstnat(NftText t) {
    t.open("chain dstnat");
    t.line("type nat hook prerouting priority dstnat; policy accept;");
    for (PortForward f : forwards) {
      t.forwardLine("meta nfproto ipv4 iifname " + wan + " " + wanMatch(f) + sources(f) + "dnat ip to " + to(f)
          + " " + NftText.comment("forward #" + f.id()), f.id());
    }
    if (reflects()) {
      for (PortForward f : forwards) {
        if (f.reflection()) {
          t.forwardLine("iifname " + lan + " ip daddr " + wanAddress + " " + wanMatch(f) + "dnat ip to " + to(f)
              + " " + NftText.comment("forward #" + f.id() + ": NAT reflection"), f.id());
        }
      }
    }
    t.close();
  }

  /**
   * The accepts in the forward chain, before the LAN rules: a connection from the WAN passes only when one of
   * the forwards rewrote it (ct status dnat) to its server and port, from an allowed source.
   */
  void forwardAccepts(NftText t) {
    for (PortForward f : forwards) {
      String match = "iifname " + wan + " ct status dnat " + serverMatch(f) + sources(f);
      if (f.log()) {
        t.forwardLine(match + "limit rate 10/second burst 20 packets log prefix \"" + RulesetCompiler.LOG_PREFIX
            + "f" + f.id() + ":accept \" group " + RulesetCompiler.LOG_GROUP + " "
            + NftText.comment("forward #" + f.id() + ": log"), f.id());
      }
      t.forwardLine(match + "accept " + NftText.comment("forward #" + f.id()), f.id());
    }
  }

  /**
   * The accepts for reflected connections, at the start of the LAN chain after anti-spoofing: only a LAN
   * connection to the WAN address that a forward rewrote passes here; the LAN rules decide everything else.
   */
  void reflectionAccepts(NftText t) {
    if (!reflects()) {
      return;
    }
    for (PortForward f : forwards) {
      if (f.reflection()) {
        t.forwardLine("ct original ip daddr " + wanAddress + " ct status dnat " + serverMatch(f) + "accept "
            + NftText.comment("forward #" + f.id() + ": NAT reflection"), f.id());
      }
    }
  }

  /** The postrouting rule that makes a reflected server answer through the gateway (source: the gateway). */
  void reflectionMasquerade(NftText t) {
    t.line("meta nfproto ipv4 iifname " + lan + " oifname " + lan + " ct original ip daddr " + wanAddress
        + " ct status dnat masquerade " + NftText.comment("!sekisho: NAT reflection: the server answers the"
        + " gateway, not the LAN host directly"));
  }

  private static String l4(Protocol p) {
    return switch (p) {
      case TCP -> "tcp dport ";
      case UDP -> "udp dport ";
      default -> "meta l4proto { tcp, udp } th dport ";
    };
  }

  private static String wanMatch(PortForward f) {
    return l4(f.protocol()) + f.wanPorts() + " ";
  }

  private String serverMatch(PortForward f) {
    int first = f.firstTargetPort();
    int last = f.lastTargetPort();
    return "ip daddr " + target(f) + " " + l4(f.protocol()) + (first == last ? first : first + "-" + last) + " ";
  }

  private static String sources(PortForward f) {
    if (f.allowedListId() != null) {
      return "ip saddr @" + ForwardPlan.listSet(f.allowedListId(), Family.V4) + " ";
    }
    List<Cidr> s = f.allowedSources();
    if (s.isEmpty()) {
      return "";
    }
    return "ip saddr " + (s.size() == 1 ? s.get(0).toString()
        : "{ " + s.stream().map(Cidr::toString).collect(Collectors.joining(", ")) + " }") + " ";
  }

  private Ipv4 target(PortForward f) {
    return config.targetOf(f).orElseThrow();
  }

  /** The DNAT target: the address, with the port when it changes; a shifted range maps port by port. */
  private String to(PortForward f) {
    if (!f.shiftsPorts()) {
      return target(f).toString();
    }
    if (f.wanPorts().isSingle()) {
      return target(f) + ":" + f.targetPort();
    }
    int shift = f.targetPort() - f.wanPorts().from();
    String pairs = IntStream.rangeClosed(f.wanPorts().from(), f.wanPorts().to())
        .mapToObj(p -> p + " : " + (p + shift)).collect(Collectors.joining(", "));
    String key = f.protocol() == Protocol.TCP ? "tcp dport" : f.protocol() == Protocol.UDP ? "udp dport" : "th dport";
    return target(f) + " : " + key + " map { " + pairs + " }";
  }
}
