package dev.sekisho.store;

import dev.sekisho.config.Action;
import dev.sekisho.config.Cidr;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.InterfaceAddress;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Mac;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Policy;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Role;
import dev.sekisho.config.Rule;
import dev.sekisho.config.Settings;
import java.util.List;

/** Configurations shared by the store tests. */
final class TestConfigs {
  private TestConfigs() {}

  /**
   * Exercises every column: two interfaces (one without address), hosts with and without MAC and with
   * non-Latin names, every protocol and action, single ports and ranges, null source and destination, a
   * disabled rule, and ids deliberately out of order so that stored order is not confused with id order.
   */
  static Config rich() {
    List<NetInterface> interfaces = List.of(
        new NetInterface("eth1", Role.LAN, InterfaceAddress.parse("192.168.1.1/24")),
        new NetInterface("eth0", Role.WAN, null));
    List<Host> hosts = List.of(
        new Host(3, "子供のタブレット", Mac.parse("02:5e:6b:00:01:0a"), Ipv4.parse("192.168.1.20")),
        new Host(1, "nas", null, Ipv4.parse("192.168.1.5")),
        new Host(7, "Living room TV", Mac.parse("00:1A:2B:3C:4D:5E"), Ipv4.parse("192.168.1.30")));
    List<Rule> rules = List.of(
        new Rule(5, 3L, null, Protocol.TCP, PortRange.of(443), Action.DENY, true,
            new Comment("子供のタブレット"), true),
        new Rule(2, null, Cidr.parse("10.0.0.0/8"), Protocol.UDP, new PortRange(8000, 8080), Action.ALLOW,
            false, Comment.NONE, false),
        new Rule(9, 1L, Cidr.parse("203.0.113.7"), Protocol.TCP_UDP, PortRange.of(53), Action.REJECT, true,
            new Comment("DNS only via the gateway"), true),
        new Rule(1, null, null, Protocol.ICMP, null, Action.ALLOW, false, new Comment("ping"), true),
        new Rule(4, 7L, Cidr.ANY, Protocol.ANY, null, Action.DENY, true, new Comment("TV offline"), true),
        new Rule(3, 3L, Cidr.parse("198.51.100.0/24"), Protocol.TCP, null, Action.REJECT, false,
            new Comment("[school] 8-17"), true));
    return new Config(interfaces, hosts, rules, new Settings(Policy.DENY, false, 8443, false, false));
  }

  /** A small configuration that shares nothing with {@link #rich()} except an interface name. */
  static Config small() {
    return new Config(
        List.of(new NetInterface("eth0", Role.LAN, InterfaceAddress.parse("10.9.0.1/16"))),
        List.of(new Host(42, "printer", null, Ipv4.parse("10.9.0.9"))),
        List.of(new Rule(11, 42L, null, Protocol.ANY, null, Action.DENY, false, Comment.NONE, true)),
        Settings.DEFAULTS);
  }
}
