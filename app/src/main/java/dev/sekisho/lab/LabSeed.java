package dev.sekisho.lab;

import dev.sekisho.config.Action;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.InterfaceAddress;
import dev.sekisho.config.InterfaceAddress6;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Ipv6;
import dev.sekisho.config.Mac;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Role;
import dev.sekisho.config.Rule;
import dev.sekisho.config.Settings;
import java.util.List;

/** The configuration a fresh lab starts with: the lab's interfaces and its known hosts, NAT on. */
public final class LabSeed {
  /** Host ids of the seeded inventory. */
  public static final long LAPTOP = 1;
  /** Host id of the kids' tablet. */
  public static final long TABLET = 2;
  /** Host id of the printer. */
  public static final long PRINTER = 3;

  private LabSeed() {}

  /** Interfaces and hosts only, no rules, LAN default allow, masquerade on. */
  public static Config base() {
    return Config.of(
        List.of(
            new NetInterface(LabNetwork.GW_LAN_IF, Role.LAN, InterfaceAddress.parse(LabNetwork.GW_LAN_IP + "/24")),
            new NetInterface(LabNetwork.GW_WAN_IF, Role.WAN, InterfaceAddress.parse(LabNetwork.GW_WAN_IP + "/24"))),
        List.of(host(LAPTOP, "laptop", LabHost.LAPTOP), host(TABLET, "kids tablet", LabHost.TABLET),
            host(PRINTER, "printer", LabHost.PRINTER)),
        List.of(),
        Settings.DEFAULTS);
  }

  /**
   * The base dual-stack: the LAN interface with the lab's IPv6 prefix (so IPv6 is forwarded), the WAN with
   * its IPv6 address, and each known host with its fixed IPv6 address.
   */
  public static Config dualStack() {
    Config c = base();
    List<NetInterface> ifs = c.interfaces().stream().map(i -> new NetInterface(i.name(), i.role(), i.address(),
        InterfaceAddress6.parse((i.role() == Role.LAN ? LabNetwork.GW_LAN_IP6 : LabNetwork.GW_WAN_IP6) + "/64")))
        .toList();
    c = c.withInterfaces(ifs);
    for (Host h : c.hosts()) {
      LabHost lh = java.util.Arrays.stream(LabHost.values()).filter(x -> x.ip().equals(h.ip().toString()))
          .findFirst().orElseThrow();
      c = c.withHost(h.withIpv6(List.of(Ipv6.parse(lh.ip6()))));
    }
    return c;
  }

  /**
   * What the interactive lab starts with: the dual-stack base plus one logged rule to have something to
   * show.
   */
  public static Config demo() {
    return dualStack().withRule(new Rule(1, PRINTER, null, Protocol.ANY, null, Action.DENY, true,
        new Comment("the printer may not reach the internet"), true));
  }

  private static Host host(long id, String name, LabHost h) {
    return new Host(id, name, Mac.parse(h.mac()), Ipv4.parse(h.ip()));
  }
}
