package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {
  static final NetInterface LAN = new NetInterface("lan0", Role.LAN, InterfaceAddress.parse("192.168.77.1/24"));
  static final NetInterface WAN = new NetInterface("wan0", Role.WAN, InterfaceAddress.parse("198.51.100.2/24"));

  static Config base() {
    return Config.of(List.of(LAN, WAN), List.of(host(1, "laptop", "192.168.77.10")), List.of(), Settings.DEFAULTS);
  }

  static Host host(long id, String name, String ip) {
    return new Host(id, name, null, Ipv4.parse(ip));
  }

  static Rule rule(long id, Long source) {
    return new Rule(id, source, null, Protocol.ANY, null, Action.DENY, false, Comment.NONE, true);
  }

  static List<String> problems(Config c) {
    return ConfigValidator.validate(c).stream().map(Problem::toString).toList();
  }

  @Test
  void validConfigurationsHaveNoProblems() {
    assertEquals(List.of(), problems(base()));
    assertEquals(List.of(), problems(TestConfigs.rich()));
    Random rnd = new Random(8);
    for (int i = 0; i < 100; i++) {
      assertEquals(List.of(), problems(TestConfigs.random(rnd)));
    }
  }

  @Test
  void interfacesNeedOneLanAtMostOneWanAndUniqueNames() {
    assertEquals(List.of("interfaces: at least one interface must have the LAN role",
        "settings.masquerade: masquerade needs an interface with the WAN role"), problems(Config.empty()));
    assertEquals(List.of("interfaces: at least one interface must have the LAN role"),
        problems(Config.of(List.of(WAN), List.of(), List.of(), Settings.DEFAULTS)));
    assertEquals(List.of("interfaces: only one interface can have the WAN role"), problems(base()
        .withInterface(new NetInterface("wan1", Role.WAN, null))));
    assertEquals(List.of("interfaces[2].name: interface lan0 is listed twice"),
        problems(Config.of(List.of(LAN, WAN, LAN), List.of(), List.of(), Settings.DEFAULTS)));
    assertEquals(List.of("settings.masquerade: masquerade needs an interface with the WAN role"),
        problems(base().withoutInterface("wan0")));
    assertEquals(List.of(), problems(base().withoutInterface("wan0").withSettings(s -> s.withMasquerade(false))));
  }

  @Test
  void hostsAreUniqueByIdNameIpAndMac() {
    Mac mac = Mac.parse("02:5e:6b:00:01:0a");
    Config c = Config.of(List.of(LAN, WAN), List.of(
        new Host(1, "laptop", mac, Ipv4.parse("192.168.77.10")),
        new Host(2, "nas", null, Ipv4.parse("192.168.77.11")),
        new Host(1, "LAPTOP", mac, Ipv4.parse("192.168.77.10"))), List.of(), Settings.DEFAULTS);
    assertEquals(List.of("hosts[2].id: host id 1 is used twice",
        "hosts[2].name: another host is already called 'LAPTOP'",
        "hosts[2].ip: 192.168.77.10 already belongs to laptop",
        "hosts[2].mac: 02:5e:6b:00:01:0a already belongs to laptop"), problems(c));
    assertEquals(List.of(), problems(base().withHost(host(2, "laptop 2", "192.168.77.12"))), "no MAC is no clash");
  }

  @Test
  void hostAddressesMustBeUsableLanAddresses() {
    assertEquals(List.of("hosts[1].ip: 10.9.9.9 is not inside a LAN subnet (192.168.77.0/24)"),
        problems(base().withHost(host(2, "far", "10.9.9.9"))));
    assertEquals(List.of("hosts[1].ip: 192.168.77.1 is the gateway's own address on lan0"),
        problems(base().withHost(host(2, "me", "192.168.77.1"))));
    for (String special : List.of("0.0.0.1", "127.0.0.1", "224.0.0.5", "255.255.255.255")) {
      assertEquals(List.of("hosts[1].ip: " + special + " cannot be a LAN host's address"),
          problems(base().withHost(host(2, "odd", special))), special);
    }
    Config twoLans = base().withInterface(new NetInterface("lan1", Role.LAN, InterfaceAddress.parse("10.1.0.1/16")));
    assertEquals(List.of(), problems(twoLans.withHost(host(2, "other lan", "10.1.200.3"))));
    assertEquals(List.of("hosts[1].ip: 172.16.0.9 is not inside a LAN subnet (192.168.77.0/24, 10.1.0.0/16)"),
        problems(twoLans.withHost(host(2, "far", "172.16.0.9"))));
    Config dhcpLan = Config.of(List.of(new NetInterface("lan0", Role.LAN, null)),
        List.of(host(1, "anywhere", "10.9.9.9")), List.of(), Settings.DEFAULTS.withMasquerade(false));
    assertEquals(List.of(), problems(dhcpLan), "without a LAN address there is no subnet to check against");
    assertEquals(List.of("hosts[0].ip: 198.51.100.2 is not inside a LAN subnet (192.168.77.0/24)",
        "hosts[0].ip: 198.51.100.2 is the gateway's own address on wan0"),
        problems(base().withoutHost(1).withHost(host(1, "wan", "198.51.100.2"))));
  }

  @Test
  void rulesHaveUniqueIdsAndNameExistingHosts() {
    Config c = base().withRule(rule(1, 1L)).withRule(rule(2, null)).withRule(rule(3, 99L));
    assertEquals(List.of("rules[2].source: rule #3 names host id 99, which does not exist"), problems(c));
    Config dup = Config.of(base().interfaces(), base().hosts(), List.of(rule(1, null), rule(2, 1L), rule(1, 1L)),
        Settings.DEFAULTS);
    assertEquals(List.of("rules[2].id: rule id 1 is used twice"), problems(dup));
    assertEquals(List.of("rules[0].source: rule #1 names host id 1, which does not exist"),
        problems(base().withRule(rule(1, 1L)).withoutHost(1)), "deleting a host a rule names is caught");
  }

  @Test
  void everyProblemIsReportedInAStableOrder() {
    Config bad = Config.of(List.of(LAN, WAN, new NetInterface("wan1", Role.WAN, null)),
        List.of(host(1, "a", "192.168.77.10"), host(1, "b", "10.0.0.1")),
        List.of(rule(1, 7L), rule(1, null)), Settings.DEFAULTS);
    List<String> expected = List.of("interfaces: only one interface can have the WAN role",
        "hosts[1].id: host id 1 is used twice",
        "hosts[1].ip: 10.0.0.1 is not inside a LAN subnet (192.168.77.0/24)",
        "rules[0].source: rule #1 names host id 7, which does not exist",
        "rules[1].id: rule id 1 is used twice");
    assertEquals(expected, problems(bad));
    assertEquals(expected, problems(bad), "the same again");
  }

  @Test
  void problemsPrintAsPathAndMessage() {
    assertEquals("rules[2].ports: port 70000 is out of range", new Problem("rules[2].ports",
        "port 70000 is out of range").toString());
    assertEquals("not valid JSON", new Problem("", "not valid JSON").toString());
  }
}
