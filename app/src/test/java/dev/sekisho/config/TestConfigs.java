package dev.sekisho.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The configurations every test package shares (config is the lowest package, so all of them may use it):
 * a rich one, the rich one as the backup fixture files pin it, a small one and valid random ones.
 */
public final class TestConfigs {
  private static final List<String> COMMENTS = List.of("", "ping", "子供のタブレット", "DNS only via the gateway",
      "[school] 8-17", "a/b (c) d+e@f!g?h&i%j=k", "Ünïcödé");
  private static final List<Cidr> DESTINATIONS = List.of(Cidr.ANY, Cidr.parse("203.0.113.0/24"),
      Cidr.parse("203.0.113.10"), Cidr.parse("10.0.0.0/8"), Cidr.parse("198.51.100.0/25"));
  private static final List<String> NAMES = List.of("laptop", "nas", "Living room TV", "子供のタブレット",
      "printer", "o'brien", "x.y-z_1", "Ünïcödé");

  private TestConfigs() {}

  /**
   * Exercises every column: two interfaces (one without address), hosts with and without MAC and with
   * non-Latin names, every protocol and action, single ports and ranges, null source and destination, a
   * disabled rule, every setting away from its default, and ids deliberately out of order so that stored
   * order is not confused with id order.
   */
  public static Config rich() {
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
    return Config.of(interfaces, hosts, rules, new Settings(Policy.DENY, false, 8443, false, false));
  }

  /**
   * The configuration inside the backup fixture files (app/src/test/resources/backup): {@link #rich()}
   * without its last rule and with masquerade and anti-lockout on, as it was when those files were written.
   * The files are pinned, so this value must not change.
   */
  public static Config inBackupFixtures() {
    return rich().withoutRule(3).withSettings(s -> s.withMasquerade(true).withAntiLockout(true));
  }

  /**
   * The configuration of the version 4 backup fixtures: {@link #inBackupFixtures()} dual-stack, with an IPv6
   * prefix on the LAN, a host with fixed IPv6 addresses and a rule to an IPv6 network. Pinned like it.
   */
  public static Config inBackupFixturesV4() {
    Config c = inBackupFixtures();
    List<NetInterface> ifs = c.interfaces().stream().map(i -> i.role() == Role.LAN
        ? new NetInterface(i.name(), i.role(), i.address(), InterfaceAddress6.parse("2001:db8:1::1/64")) : i).toList();
    return c.withInterfaces(ifs)
        .withHost(c.host(3).orElseThrow().withIpv6(List.of(Ipv6.parse("2001:db8:1::20"), Ipv6.parse("2001:db8:1::21"))))
        .withRule(new Rule(12, 3L, Cidr6.parse("2001:db8:113::/48"), Protocol.TCP, PortRange.of(443), Action.ALLOW,
            false, new Comment("IPv6 web"), true));
  }

  /**
   * The configuration of the version 5 backup fixtures: {@link #inBackupFixturesV4()} with objects — a group,
   * an address list of both families, a service of the admin's — and rules naming them and a built-in service.
   * Pinned like it.
   */
  public static Config inBackupFixturesV5() {
    Config c = inBackupFixturesV4();
    return c.withGroups(List.of(new HostGroup(100, "子供の端末", List.of(3L, 7L))))
        .withAddressLists(List.of(new AddressList(101, "update servers", List.of(Network.parse("203.0.113.0/24"),
            Network.parse("2001:db8:113::/48")))))
        .withServices(List.of(new Service(102, "game server", Service.parseEntries("udp 27015-27030, tcp 27015"))))
        .withRule(new Rule(20, null, null, Protocol.ANY, null, Action.ALLOW, false, new Comment("kids: updates"), true,
            100L, 101L, 1L))
        .withRule(new Rule(21, 7L, null, Protocol.ANY, null, Action.DENY, true, Comment.NONE, true, null, null, 102L));
  }

  /**
   * The configuration of the version 6 backup fixtures: {@link #inBackupFixturesV5()} with two port forwards,
   * one to a host with a shifted port and allowed sources, one disabled to an address without reflection.
   * Pinned like it.
   */
  public static Config inBackupFixturesV6() {
    return inBackupFixturesV5()
        .withForward(new PortForward(2, Protocol.TCP, PortRange.of(8444), 1L, null, 443,
            List.of(Cidr.parse("203.0.113.0/24"), Cidr.parse("192.0.2.7")), true, true, new Comment("NAS web"), true))
        .withForward(new PortForward(1, Protocol.TCP_UDP, new PortRange(27015, 27030), null,
            Ipv4.parse("192.168.1.40"), null, List.of(), false, false, new Comment("ゲーム"), false));
  }

  /** The version 7 backup fixtures' configuration: version 6's with unknown devices denied. */
  public static Config inBackupFixturesV7() {
    return inBackupFixturesV6().withSettings(s -> s.withUnknownDevices(UnknownDevices.DENY));
  }

  /**
   * The configuration of the version 8 backup fixtures: {@link #inBackupFixturesV7()} with two schedules (one
   * across midnight), a rule limited to one, and the gateway's time zone. Pinned like it.
   */
  public static Config inBackupFixturesV8() {
    Config c = inBackupFixturesV7();
    return c.withSchedules(List.of(new Schedule(103, "放課後", Schedule.parseWindows("mon-fri 16:00-20:00")),
            new Schedule(104, "weekend nights", Schedule.parseWindows("fri,sat 22:00-02:00+1\nsun 09:00-12:00"))))
        .withRule(c.rule(20).orElseThrow().withSchedule(103L))
        .withSettings(s -> s.withTimeZone(java.time.ZoneId.of("Asia/Tokyo")));
  }

  /** The version 9 fixtures' configuration: version 8's with a temporary and a count-limited rule. */
  public static Config inBackupFixturesV9() {
    Config c = inBackupFixturesV8();
    Rule first = c.rules().get(0);
    Rule last = c.rules().get(c.rules().size() - 1);
    c = c.withRule(first.withLimits(java.time.Instant.parse("2025-03-01T22:00:00Z"), null));
    return last.action() == dev.sekisho.config.Action.ALLOW
        ? c.withRule(last.withLimits(null, 3))
        : c.withRule(new Rule(90, null, null, Protocol.TCP, PortRange.of(22), dev.sekisho.config.Action.ALLOW, false,
            new Comment("next 3 ssh"), true).withLimits(java.time.Instant.parse("2025-03-02T08:30:00Z"), 3));
  }

  /**
   * The version 10 backup fixtures' configuration: version 9's with the first host in ask mode, two decisions
   * (one "allow once" with its end) and other bounds for pending decisions.
   */
  public static Config inBackupFixturesV10() {
    Config c = inBackupFixturesV9();
    Host first = c.hosts().get(0);
    return c.withHost(first.withAsk(true)).withSettings(s -> s.withAskBounds(20, 200)).withDecisions(List.of(
        new Decision(1, first.id(), Ipv4.parse("203.0.113.5"), Protocol.TCP, 443, Action.ALLOW,
            java.time.Instant.parse("2026-12-01T13:00:00Z")),
        new Decision(2, first.id(), Ipv4.parse("192.0.2.7"), Protocol.UDP, 123, Action.DENY, null)));
  }

  /**
   * The configuration of the version 11 backup fixtures: {@link #inBackupFixturesV10()} with the DNS forwarder
   * on (its own floor and cap, the redirect) and two domain rules, one for a name and its subdomains, one
   * exact. Pinned like it.
   */
  public static Config inBackupFixturesV11() {
    return inBackupFixturesV10().withSettings(s -> s.withDns(Ipv4.parse("192.0.2.53"), 15, 900, true))
        .withRule(new Rule(30, 3L, null, Protocol.TCP, PortRange.of(443), Action.ALLOW, false,
            new Comment("学習サイト"), true).withDomain(DomainName.parse("*.example.org")))
        .withRule(new Rule(31, null, null, Protocol.ANY, null, Action.DENY, false, Comment.NONE, true)
            .withDomain(DomainName.parse("ads.example.com")));
  }

  /** The version 12 fixtures' configuration: version 11's with domain names in its first address list. */
  public static Config inBackupFixturesV12() {
    Config c = inBackupFixturesV11();
    AddressList first = c.addressLists().get(0);
    List<AddressList> lists = new java.util.ArrayList<>(c.addressLists());
    lists.set(0, new AddressList(first.id(), first.name(), first.entries(),
        List.of(DomainName.parse("*.example.org"), DomainName.parse("updates.example.net"))));
    return c.withAddressLists(lists);
  }

  /** A small configuration that shares nothing with {@link #rich()} except an interface name. */
  public static Config small() {
    return Config.of(
        List.of(new NetInterface("eth0", Role.LAN, InterfaceAddress.parse("10.9.0.1/16"))),
        List.of(new Host(42, "printer", null, Ipv4.parse("10.9.0.9"))),
        List.of(new Rule(11, 42L, null, Protocol.ANY, null, Action.DENY, false, Comment.NONE, true)),
        Settings.DEFAULTS);
  }

  /** A valid configuration drawn from {@code rnd}; checked against the validator so tests start from valid. */
  public static Config random(Random rnd) {
    List<NetInterface> ifs = new ArrayList<>();
    int lans = 1 + rnd.nextInt(2);
    for (int i = 0; i < lans; i++) {
      ifs.add(new NetInterface("lan" + i, Role.LAN, InterfaceAddress.parse("10." + i + ".0.1/16")));
    }
    boolean wan = rnd.nextBoolean();
    if (wan) {
      ifs.add(new NetInterface("wan0", Role.WAN, rnd.nextBoolean() ? null : InterfaceAddress.parse("198.51.100.2/24")));
    }
    List<Host> hosts = new ArrayList<>();
    int nh = rnd.nextInt(NAMES.size() + 1);
    long id = 0;
    for (int i = 0; i < nh; i++) {
      id += 1 + rnd.nextInt(5);
      Mac mac = rnd.nextBoolean() ? null : new Mac(0x025e6b000000L + i);
      hosts.add(new Host(id, NAMES.get(i), mac, Ipv4.parse("10." + rnd.nextInt(lans) + ".1." + (10 + i))));
    }
    List<Rule> rules = new ArrayList<>();
    int nr = rnd.nextInt(30);
    for (int i = 0; i < nr; i++) {
      Protocol proto = Protocol.values()[rnd.nextInt(Protocol.values().length)];
      PortRange ports = proto.hasPorts() && rnd.nextBoolean()
          ? (rnd.nextBoolean() ? PortRange.of(1 + rnd.nextInt(65535)) : new PortRange(1000, 1000 + rnd.nextInt(60000)))
          : null;
      Long src = hosts.isEmpty() || rnd.nextInt(3) == 0 ? null : hosts.get(rnd.nextInt(hosts.size())).id();
      Cidr dst = rnd.nextInt(3) == 0 ? null : DESTINATIONS.get(rnd.nextInt(DESTINATIONS.size()));
      rules.add(new Rule(100 + nr - i, src, dst, proto, ports, Action.values()[rnd.nextInt(3)], rnd.nextBoolean(),
          new Comment(COMMENTS.get(rnd.nextInt(COMMENTS.size()))), rnd.nextInt(5) > 0));
    }
    Settings s = new Settings(rnd.nextBoolean() ? Policy.ALLOW : Policy.DENY, wan && rnd.nextBoolean(),
        1 + rnd.nextInt(65535), rnd.nextBoolean(), rnd.nextBoolean());
    Config c = Config.of(ifs, hosts, rules, s);
    if (!ConfigValidator.validate(c).isEmpty()) {
      throw new AssertionError("generator made an invalid config: " + ConfigValidator.validate(c));
    }
    return c;
  }
}
