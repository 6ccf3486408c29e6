package dev.sekisho.ruleset;

import dev.sekisho.config.Config;
import dev.sekisho.config.UnknownDevices;
import java.util.List;

/**
 * The unknown-devices policy in the ruleset: devices the inventory knows neither by MAC nor by address are
 * dropped (deny) or refused and logged for the decisions inbox (ask) right after anti-spoofing, and reach none
 * of the gateway's services either. Nothing is printed for allow.
 */
final class UnknownDevicesPrinter {
  private static final String DENY_COMMENT =
      "!sekisho: unknown devices: deny (in the inventory neither by MAC nor by address)";
  private static final String ASK_COMMENT = "!sekisho: unknown devices: ask (blocked until registered)";

  private UnknownDevicesPrinter() {}

  /** The forward chain's line(s) for the policy in one family (nothing for allow). */
  static void forward(NftText t, Config config, boolean v6) {
    UnknownDevices u = config.settings().unknownDevices();
    if (u == UnknownDevices.DENY) {
      t.line(match(config, v6) + "drop " + NftText.comment(DENY_COMMENT));
    } else if (u == UnknownDevices.ASK) {
      asks(t, match(config, v6));
    }
  }

  /**
   * Unknown devices in ask mode (decisions inbox): their new TCP and UDP connections are logged with the prefix
   * {@code sekisho:ask:u } (the capture makes each device a pending decision) and refused, like a host in ask
   * mode; everything else of theirs is dropped as with deny.
   */
  private static void asks(NftText t, String match) {
    t.line(match + "meta l4proto { tcp, udp } " + AskPrinter.LOG_LIMIT + "log prefix \"" + AskPrinter.UNKNOWN_PREFIX
        + "\" group " + RulesetCompiler.LOG_GROUP + " queue-threshold 1 "
        + NftText.comment(ASK_COMMENT + ": a pending decision"));
    t.line(match + "meta l4proto tcp reject with tcp reset " + NftText.comment(ASK_COMMENT));
    t.line(match + "drop " + NftText.comment(ASK_COMMENT));
  }

  /**
   * The addresses of hosts without a MAC, which are known by their address alone; hosts with a MAC are in
   * {@code host_ips} already. Declared only for the unknown-devices policy, and only when there are some.
   */
  static void unboundSet(NftText t, Config config) {
    List<String> ips = config.hosts().stream().filter(h -> h.mac() == null).map(h -> h.ip().toString()).sorted()
        .distinct().toList();
    if (ips.isEmpty()) {
      return;
    }
    t.open("set unbound_ips");
    t.line("type ipv4_addr");
    t.line("elements = { " + String.join(", ", ips) + " }");
    t.close();
    t.blank();
  }

  /**
   * The match for a device the inventory does not know, with a trailing space (empty when there are no
   * hosts, so every device is unknown). Over IPv4 neither its MAC nor its address is a host's (a known MAC
   * with another address, or a bound address from another MAC, is anti-spoofing's); over IPv6 its MAC is no
   * host's, as IPv6 rules follow the MAC.
   */
  static String match(Config config, boolean v6) {
    boolean bound = config.hosts().stream().anyMatch(h -> h.mac() != null);
    boolean unbound = config.hosts().stream().anyMatch(h -> h.mac() == null);
    StringBuilder m = new StringBuilder();
    if (bound) {
      m.append("ether saddr != @host_macs ");
    }
    if (!v6 && bound) {
      m.append("ip saddr != @host_ips ");
    }
    if (!v6 && unbound) {
      m.append("ip saddr != @unbound_ips ");
    }
    return m.toString();
  }

  /**
   * Unknown devices reach none of the gateway's services either (DHCP, neighbour discovery and the
   * anti-lockout rule come first, so the admin keeps the panel).
   */
  static void toGateway(NftText t, String lanIf, Config config) {
    String v4 = match(config, false);
    String v6 = match(config, true);
    if (v4.equals(v6)) { // no host, or no host has a MAC and no IPv4 match was written: one line covers both
      t.line("iifname " + lanIf + " " + v4 + "drop " + NftText.comment(DENY_COMMENT + ", the gateway too"));
      return;
    }
    t.line("meta nfproto ipv4 iifname " + lanIf + " " + v4 + "drop "
        + NftText.comment(DENY_COMMENT + ", the gateway too"));
    t.line("meta nfproto ipv6 iifname " + lanIf + " " + v6 + "drop "
        + NftText.comment(DENY_COMMENT + ", the gateway too (IPv6)"));
  }
}
