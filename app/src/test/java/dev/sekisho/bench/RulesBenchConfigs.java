package dev.sekisho.bench;

import dev.sekisho.config.Action;
import dev.sekisho.config.AddressList;
import dev.sekisho.config.Cidr;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.InterfaceAddress;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Mac;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Network;
import dev.sekisho.config.Policy;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Role;
import dev.sekisho.config.Rule;
import dev.sekisho.config.Settings;
import dev.sekisho.lab.LabHost;
import dev.sekisho.lab.LabNetwork;
import java.util.ArrayList;
import java.util.List;

/** The configurations {@link RulesBench} measures: the laptop's rules always last. */
final class RulesBenchConfigs {
  private static final int HTTPS = RulesBench.HTTPS;

  private RulesBenchConfigs() {}

  static Config noRules() {
    return config(List.of(laptop()), List.of(), Policy.ALLOW, true);
  }

  /** n hosts with one "allow tcp 443" each, the laptop last; LAN default deny. */
  static Config uniform(int n, boolean lab) {
    List<Host> hosts = fillers(n - 1, lab);
    List<Rule> rules = new ArrayList<>();
    hosts.add(laptop());
    for (Host h : hosts) {
      rules.add(rule(rules.size() + 1, h, null, Protocol.TCP, PortRange.of(HTTPS), Action.ALLOW));
    }
    return config(hosts, rules, Policy.DENY, lab);
  }

  /** n/3 hosts with "allow tcp 443 / allow udp 53 to 192.0.2.53 / deny any", the laptop last. */
  static Config blocks(int n, boolean lab) {
    List<Host> hosts = fillers(n / 3 - 1, lab);
    hosts.add(laptop());
    List<Rule> rules = new ArrayList<>();
    Cidr resolver = Cidr.parse("192.0.2.53");
    for (Host h : hosts) {
      rules.add(rule(rules.size() + 1, h, null, Protocol.TCP, PortRange.of(HTTPS), Action.ALLOW));
      rules.add(rule(rules.size() + 1, h, resolver, Protocol.UDP, PortRange.of(53), Action.ALLOW));
      rules.add(rule(rules.size() + 1, h, null, Protocol.ANY, null, Action.DENY));
    }
    return config(hosts, rules, Policy.ALLOW, lab);
  }

  /**
   * One all-hosts reject rule whose destination is an address list of n single addresses in 10.0.0.0/8 (none
   * of them the server), then "deny tcp 80"; LAN default allow.
   */
  static Config addressList(int n) {
    List<Network> entries = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      entries.add(new Cidr(new Ipv4(0x0a000000 + i), 32));
    }
    List<Rule> rules = new ArrayList<>();
    rules.add(new Rule(1, null, null, Protocol.ANY, null, Action.REJECT, false, Comment.NONE, true, null, 100L,
        null));
    rules.add(new Rule(2, null, null, Protocol.TCP, PortRange.of(80), Action.DENY, false, Comment.NONE, true));
    return config(List.of(laptop()), rules, Policy.ALLOW, true)
        .withAddressLists(List.of(new AddressList(100, "block list", entries)));
  }

  /** The same as n single-address all-hosts reject rules (one exact set), then "deny tcp 80"; default allow. */
  static Config singleAddresses(int n) {
    List<Rule> rules = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      rules.add(new Rule(i, null, new Cidr(new Ipv4(0x0a000000 + i), 32), Protocol.ANY, null, Action.REJECT, false,
          Comment.NONE, true));
    }
    rules.add(new Rule(n + 1, null, null, Protocol.TCP, PortRange.of(80), Action.DENY, false, Comment.NONE, true));
    return config(List.of(laptop()), rules, Policy.ALLOW, true);
  }

  /**
   * Hosts that exist only in the ruleset: 192.168.0.0/16 outside the lab's 192.168.77.0/24 (up to ~65,000),
   * or 10.0.0.0/8 for the compiler-only curve, which goes beyond that.
   */
  private static List<Host> fillers(int count, boolean lab) {
    List<Host> out = new ArrayList<>();
    int base = lab ? 0xc0a80000 : 0x0a000000;
    for (int i = 0, a = 1; out.size() < count; a++) {
      int ip = base + a;
      if (lab && (((ip >>> 8) & 0xff) == 77 || (ip & 0xff) == 0 || (ip & 0xff) == 255)) {
        continue;
      }
      out.add(new Host(100 + i, "h" + (100 + i), null, new Ipv4(ip)));
      i++;
    }
    return out;
  }

  private static Host laptop() {
    return new Host(1, "laptop", Mac.parse(LabHost.LAPTOP.mac()), Ipv4.parse(LabHost.LAPTOP.ip()));
  }

  private static Rule rule(long id, Host h, Cidr dst, Protocol p, PortRange ports, Action a) {
    return new Rule(id, h.id(), dst, p, ports, a, false, Comment.NONE, true);
  }

  private static Config config(List<Host> hosts, List<Rule> rules, Policy policy, boolean lab) {
    List<NetInterface> ifs = new ArrayList<>(List.of(
        new NetInterface(LabNetwork.GW_LAN_IF, Role.LAN, InterfaceAddress.parse(lab ? "192.168.77.1/16" : "192.168.77.1/24")),
        new NetInterface(LabNetwork.GW_WAN_IF, Role.WAN, InterfaceAddress.parse(LabNetwork.GW_WAN_IP + "/24"))));
    if (!lab) {
      // The compiler-only curve goes beyond what a /16 holds.
      ifs.add(new NetInterface("lan1", Role.LAN, InterfaceAddress.parse("10.255.255.254/8")));
    }
    return Config.of(ifs, hosts, rules, Settings.DEFAULTS.withLanDefault(policy));
  }
}
