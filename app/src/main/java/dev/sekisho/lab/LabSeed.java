package dev.sekisho.lab;

import dev.sekisho.config.Action;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.InterfaceAddress;
import dev.sekisho.config.Ipv4;
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

  /** What the interactive lab starts with: the base plus one logged rule to have something to show. */
  public static Config demo() {
    return base().withRule(new Rule(1, PRINTER, null, Protocol.ANY, null, Action.DENY, true,
        new Comment("the printer may not reach the internet"), true));
  }

  private static Host host(long id, String name, LabHost h) {
    return new Host(id, name, Mac.parse(h.mac()), Ipv4.parse(h.ip()));
  }
}
