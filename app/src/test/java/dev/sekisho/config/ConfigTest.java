package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The records' own checks and the Config edit operations the panel builds on. */
class ConfigTest {

  static List<Long> ruleIds(Config c) {
    return c.rules().stream().map(Rule::id).toList();
  }

  @Test
  void recordsCheckWhatTheyCanOnTheirOwn() {
    assertEquals("host id must be positive",
        assertThrows(ParseException.class, () -> new Host(0, "x", null, Ipv4.parse("10.0.0.1"))).getMessage());
    assertEquals("nas", new Host(1, "  nas ", null, Ipv4.parse("10.0.0.1")).name(), "names are normalised");
    assertThrows(ParseException.class, () -> new Host(1, "<b>", null, Ipv4.parse("10.0.0.1")));
    assertThrows(NullPointerException.class, () -> new Host(1, "x", null, null));
    assertEquals("eth0", new NetInterface(" eth0", Role.LAN, null).name());
    assertThrows(ParseException.class, () -> new NetInterface("eth*", Role.LAN, null));
    assertThrows(NullPointerException.class, () -> new NetInterface("eth0", null, null));
    assertEquals("rule id must be positive", assertThrows(ParseException.class,
        () -> new Rule(0, null, null, Protocol.ANY, null, Action.DENY, false, Comment.NONE, true)).getMessage());
    assertEquals("ports can only be given with tcp, udp or tcp+udp, not any", assertThrows(ParseException.class,
        () -> new Rule(1, null, null, Protocol.ANY, PortRange.of(80), Action.DENY, false, Comment.NONE, true))
        .getMessage());
    assertThrows(NullPointerException.class,
        () -> new Rule(1, null, null, Protocol.TCP, null, Action.DENY, false, null, true));
  }

  @Test
  void settingsAdminPortFromOneTo65535() {
    assertEquals(1, Settings.DEFAULTS.withAdminPort(1).adminPort());
    assertEquals(65535, Settings.DEFAULTS.withAdminPort(65535).adminPort());
    assertEquals("admin port 0 is out of range 1-65535",
        assertThrows(ParseException.class, () -> Settings.DEFAULTS.withAdminPort(0)).getMessage());
    assertEquals("admin port 65536 is out of range 1-65535",
        assertThrows(ParseException.class, () -> Settings.DEFAULTS.withAdminPort(65536)).getMessage());
    assertEquals("LAN default policy is missing",
        assertThrows(ParseException.class, () -> Settings.DEFAULTS.withLanDefault(null)).getMessage());
    assertEquals(new Settings(Policy.ALLOW, true, 8080, true, true), Settings.DEFAULTS);
    assertEquals(new Settings(Policy.DENY, false, 8443, false, false), Settings.DEFAULTS.withLanDefault(Policy.DENY)
        .withMasquerade(false).withAdminPort(8443).withSshFromLan(false).withAntiLockout(false));
  }

  @Test
  void configListsAreCopiesThatCannotChange() {
    List<Rule> rules = new ArrayList<>(TestConfigs.rich().rules());
    Config c = Config.of(TestConfigs.rich().interfaces(), TestConfigs.rich().hosts(), rules,
        TestConfigs.rich().settings());
    rules.clear();
    assertEquals(6, c.rules().size(), "the caller's list is not shared");
    assertThrows(UnsupportedOperationException.class, () -> c.rules().clear());
    assertThrows(UnsupportedOperationException.class, () -> c.hosts().add(null));
    assertThrows(NullPointerException.class, () -> Config.of(List.of(), List.of(), List.of(), null));
  }

  @Test
  void editsReplaceInPlaceOrAppend() {
    Config c = TestConfigs.rich();
    assertEquals(List.of(5L, 2L, 9L, 1L, 4L, 3L), ruleIds(c));
    Rule changed = new Rule(9, null, null, Protocol.ICMP, null, Action.ALLOW, false, Comment.NONE, true);
    assertEquals(List.of(5L, 2L, 9L, 1L, 4L, 3L), ruleIds(c.withRule(changed)), "replaced where it was");
    assertEquals(changed, c.withRule(changed).rule(9).orElseThrow());
    assertEquals(List.of(5L, 2L, 9L, 1L, 4L, 3L, 10L), ruleIds(c.withRule(
        new Rule(c.nextRuleId(), null, null, Protocol.ANY, null, Action.DENY, false, Comment.NONE, true))));
    assertEquals(List.of(5L, 9L, 1L, 4L, 3L), ruleIds(c.withoutRule(2)));
    assertEquals(c, c.withoutRule(404), "removing what is not there changes nothing");
    assertEquals(10, c.nextRuleId());
    assertEquals(8, c.nextHostId());
    assertEquals(1, Config.empty().nextRuleId());
    assertEquals(1, Config.empty().nextHostId());
    assertEquals("nas", c.host(1).orElseThrow().name());
    assertTrue(c.host(2).isEmpty());
    assertEquals(List.of(3L, 7L), c.withoutHost(1).hosts().stream().map(Host::id).toList());
    assertEquals(List.of("eth1", "eth0"), c.interfaces().stream().map(NetInterface::name).toList());
    assertEquals(List.of("eth1"), c.interfaces(Role.LAN).stream().map(NetInterface::name).toList());
    NetInterface wanWithAddress = new NetInterface("eth0", Role.WAN, InterfaceAddress.parse("198.51.100.2/24"));
    assertEquals(List.of(c.interfaces().get(0), wanWithAddress), c.withInterface(wanWithAddress).interfaces());
    assertEquals(List.of("eth0"), c.withoutInterface("eth1").interfaces().stream().map(NetInterface::name).toList());
  }

  @Test
  void movingARuleStopsAtTheEnds() {
    Config c = TestConfigs.rich();
    assertEquals(List.of(2L, 5L, 9L, 1L, 4L, 3L), ruleIds(c.withRuleMoved(2, -1)));
    assertEquals(List.of(5L, 9L, 2L, 1L, 4L, 3L), ruleIds(c.withRuleMoved(2, +1)));
    assertEquals(ruleIds(c), ruleIds(c.withRuleMoved(5, -1)), "the first stays first");
    assertEquals(ruleIds(c), ruleIds(c.withRuleMoved(3, +1)), "the last stays last");
    assertEquals(ruleIds(c), ruleIds(c.withRuleMoved(404, -1)));
  }

  @Test
  void theBackupFixtureIsTheRichConfigAsItWas() {
    Config pinned = TestConfigs.inBackupFixtures();
    assertEquals(List.of(5L, 2L, 9L, 1L, 4L), ruleIds(pinned));
    assertEquals(new Settings(Policy.DENY, true, 8443, false, true), pinned.settings());
    assertEquals(TestConfigs.rich().hosts(), pinned.hosts());
    assertEquals(TestConfigs.rich().interfaces(), pinned.interfaces());
  }
}
