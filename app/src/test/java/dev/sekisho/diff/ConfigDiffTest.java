package dev.sekisho.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.sekisho.diff.ConfigDiff.Change;
import dev.sekisho.diff.ConfigDiff.Field;
import dev.sekisho.diff.ConfigDiff.Kind;
import dev.sekisho.diff.ConfigDiff.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {

  /** Two hosts and twelve rules of every kind, ids out of order. */
  static Config base() {
    List<Rule> rules = new ArrayList<>();
    Protocol[] protocols = {Protocol.TCP, Protocol.UDP, Protocol.TCP_UDP, Protocol.ICMP, Protocol.ANY};
    for (int i = 0; i < 12; i++) {
      Protocol p = protocols[i % protocols.length];
      rules.add(new Rule(100 - i * 7, i % 3 == 0 ? null : (long) (i % 2 + 1),
          i % 4 == 0 ? null : Cidr.parse("203.0.113." + i), p, p.hasPorts() ? PortRange.of(400 + i) : null,
          Action.values()[i % 3], i % 2 == 0, new Comment(i % 5 == 0 ? "" : "rule " + i), i != 7));
    }
    return Config.of(
        List.of(new NetInterface("eth0", Role.LAN, InterfaceAddress.parse("192.168.1.1/24")),
            new NetInterface("eth1", Role.WAN, null)),
        List.of(new Host(1, "laptop", Mac.parse("02:5e:6b:00:01:0a"), Ipv4.parse("192.168.1.20")),
            new Host(2, "子供のタブレット", null, Ipv4.parse("192.168.1.21"))),
        rules, Settings.DEFAULTS);
  }

  @Test
  void equalConfigsHaveNoChanges() {
    assertEquals(List.of(), ConfigDiff.between(base(), base()));
  }

  @Test
  void changingOneRulesPortYieldsExactlyThatRule() {
    Config before = base();
    Rule r = before.rules().get(6); // #58, udp port 406
    Rule changed = new Rule(r.id(), r.sourceHostId(), r.destination(), r.protocol(), PortRange.of(80), r.action(),
        r.log(), r.comment(), r.enabled());
    List<Change> changes = ConfigDiff.between(before, before.withRule(changed));
    assertEquals(1, changes.size(), changes.toString());
    Change c = changes.get(0);
    assertEquals(Section.RULES, c.section());
    assertEquals(Kind.CHANGED, c.kind());
    assertEquals(Long.toString(r.id()), c.key());
    assertEquals(List.of(new Field("port", "406", "80")), c.fields());
    assertEquals("Rule #58 (rule 6) changed: port 406 → 80", c.text());
  }

  /** The property behind "the diff shows exactly the changed rule", for every rule and every field. */
  @Test
  void changingAnyOneRuleInAnyWayYieldsExactlyOneChangeNamingThatRule() {
    Config before = base();
    Random random = new Random(3);
    for (Rule r : before.rules()) {
      for (UnaryOperator<Rule> edit : edits(random)) {
        Rule after = edit.apply(r);
        if (after.equals(r)) {
          continue;
        }
        List<Change> changes = ConfigDiff.between(before, before.withRule(after));
        assertEquals(1, changes.size(), r + " -> " + after + ": " + changes);
        assertEquals(Section.RULES, changes.get(0).section());
        assertEquals(Kind.CHANGED, changes.get(0).kind());
        assertEquals(Long.toString(r.id()), changes.get(0).key());
        assertTrue(changes.get(0).title().startsWith("Rule #" + r.id()), changes.get(0).title());
        assertEquals(1, changes.get(0).fields().size(), changes.toString());
      }
    }
  }

  private static List<UnaryOperator<Rule>> edits(Random random) {
    return List.of(
        r -> new Rule(r.id(), r.sourceHostId() == null ? 1L : null, r.destination(), r.protocol(), r.ports(),
            r.action(), r.log(), r.comment(), r.enabled()),
        r -> new Rule(r.id(), r.sourceHostId(), Cidr.parse("198.51.100." + random.nextInt(250)), r.protocol(),
            r.ports(), r.action(), r.log(), r.comment(), r.enabled()),
        r -> new Rule(r.id(), r.sourceHostId(), r.destination(), r.protocol(),
            r.protocol().hasPorts() ? new PortRange(1000, 2000) : null, r.action(), r.log(), r.comment(), r.enabled()),
        r -> new Rule(r.id(), r.sourceHostId(), r.destination(), r.protocol(), r.ports(),
            r.action() == Action.ALLOW ? Action.REJECT : Action.ALLOW, r.log(), r.comment(), r.enabled()),
        r -> new Rule(r.id(), r.sourceHostId(), r.destination(), r.protocol(), r.ports(), r.action(), !r.log(),
            r.comment(), r.enabled()),
        r -> new Rule(r.id(), r.sourceHostId(), r.destination(), r.protocol(), r.ports(), r.action(), r.log(),
            new Comment("edited"), r.enabled()),
        r -> new Rule(r.id(), r.sourceHostId(), r.destination(), r.protocol(), r.ports(), r.action(), r.log(),
            r.comment(), !r.enabled()));
  }

  @Test
  void addedAndRemovedRulesAreDescribedAndShiftedPositionsAreNotMoves() {
    Config before = base();
    Rule fresh = new Rule(500, 1L, null, Protocol.TCP, PortRange.of(443), Action.DENY, true, new Comment("web"),
        true);
    List<Rule> rules = new ArrayList<>(before.rules());
    rules.add(0, fresh);
    Rule gone = rules.remove(6);
    Config after = Config.of(before.interfaces(), before.hosts(), rules, before.settings());
    List<Change> changes = ConfigDiff.between(before, after);
    assertEquals(2, changes.size(), changes.toString());
    assertEquals("Rule #500 (web) added: deny tcp port 443 from laptop (#1) to any, logged", changes.get(0).text());
    assertEquals(Kind.REMOVED, changes.get(1).kind());
    assertEquals(Long.toString(gone.id()), changes.get(1).key());
  }

  @Test
  void aRuleMovedToTheTopIsTheOnlyMove() {
    Config before = base();
    List<Rule> rules = new ArrayList<>(before.rules());
    Rule r = rules.remove(8);
    rules.add(0, r);
    List<Change> changes = ConfigDiff.between(before, Config.of(before.interfaces(), before.hosts(), rules,
        before.settings()));
    assertEquals(1, changes.size(), changes.toString());
    assertEquals(Kind.MOVED, changes.get(0).kind());
    assertEquals(Long.toString(r.id()), changes.get(0).key());
    assertEquals(List.of(new Field("position", "9", "1")), changes.get(0).fields());

    // One step up with Config's own move: one rule reported, whichever of the two.
    Config swapped = before.withRuleMoved(before.rules().get(3).id(), -1);
    List<Change> swap = ConfigDiff.between(before, swapped);
    assertEquals(1, swap.size(), swap.toString());
    assertEquals(Kind.MOVED, swap.get(0).kind());
  }

  @Test
  void aMovedAndChangedRuleIsOneChangeWithItsPosition() {
    Config before = base();
    Rule r = before.rules().get(2);
    Rule edited = new Rule(r.id(), r.sourceHostId(), r.destination(), r.protocol(), r.ports(), Action.ALLOW,
        r.log(), r.comment(), r.enabled());
    List<Rule> rules = new ArrayList<>(before.rules());
    rules.remove(2);
    rules.add(edited);
    List<Change> changes = ConfigDiff.between(before, Config.of(before.interfaces(), before.hosts(), rules,
        before.settings()));
    assertEquals(1, changes.size(), changes.toString());
    assertEquals(Kind.CHANGED, changes.get(0).kind());
    assertEquals(List.of(new Field("position", "3", "12"), new Field("action", r.action().label(), "allow")),
        changes.get(0).fields());
  }

  @Test
  void renamingAHostIsOneHostChangeAndNotAChangeOfItsRules() {
    Config before = base();
    Config after = before.withHost(new Host(1, "notebook", Mac.parse("02:5e:6b:00:01:0a"),
        Ipv4.parse("192.168.1.20")));
    List<Change> changes = ConfigDiff.between(before, after);
    assertEquals(1, changes.size(), changes.toString());
    assertEquals("Host notebook (#1) changed: name laptop → notebook", changes.get(0).text());
  }

  @Test
  void changingARulesSourceNamesBothHosts() {
    Config before = base();
    Rule r = before.rules().get(2); // from laptop
    Rule edited = new Rule(r.id(), 2L, r.destination(), r.protocol(), r.ports(), r.action(), r.log(), r.comment(),
        r.enabled());
    assertEquals(List.of(new Field("source", "laptop (#1)", "子供のタブレット (#2)")),
        ConfigDiff.between(before, before.withRule(edited)).get(0).fields());
  }

  @Test
  void interfacesAndSettingsAreReportedInTheirSections() {
    Config before = base();
    Config after = before.withInterface(new NetInterface("eth1", Role.WAN, InterfaceAddress.parse("198.51.100.2/24")))
        .withInterface(new NetInterface("wg0", Role.LAN, null))
        .withSettings(s -> s.withMasquerade(false).withLanDefault(Policy.DENY)
            .withUnknownDevices(dev.sekisho.config.UnknownDevices.DENY));
    List<Change> changes = ConfigDiff.between(before, after);
    assertEquals(List.of(
        "Interface eth1 changed: address none → 198.51.100.2/24",
        "Interface wg0 added: LAN, address not set by Sekisho",
        "NAT and settings changed: LAN default allow → deny; masquerade (NAT) on → off; unknown devices allow → deny"),
        changes.stream().map(Change::text).toList());
    assertEquals(List.of(Section.INTERFACES, Section.INTERFACES, Section.SETTINGS),
        changes.stream().map(Change::section).toList());
  }

  @Test
  void fromNothingEverythingIsAdded() {
    List<Change> changes = ConfigDiff.between(Config.empty(), base());
    assertEquals(2 + 2 + 12, changes.size());
    assertTrue(changes.stream().allMatch(c -> c.kind() == Kind.ADDED));
  }
}
