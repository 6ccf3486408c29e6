package dev.sekisho.store;

import static dev.sekisho.store.db.Tables.HOSTS;
import static dev.sekisho.store.db.Tables.RULES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Action;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.config.Settings;
import dev.sekisho.config.TestConfigs;
import java.nio.file.Path;
import java.util.List;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and loading the configuration against a real H2 file database. */
class ConfigStoreTest {
  @TempDir Path dir;
  Database db;
  ConfigStore store;

  @BeforeEach
  void open() {
    db = Database.open(dir);
    store = new ConfigStore(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void emptyUntilAConfigWithAnInterfaceIsSaved() {
    assertTrue(store.isEmpty());
    assertEquals(Config.empty(), store.load());
    store.save(TestConfigs.rich());
    assertFalse(store.isEmpty());
  }

  @Test
  void roundTripReturnsAnEqualConfigWithRulesInOrder() {
    Config saved = TestConfigs.rich();
    store.save(saved);
    Config loaded = store.load();
    assertEquals(List.of(5L, 2L, 9L, 1L, 4L, 3L), loaded.rules().stream().map(Rule::id).toList());
    assertEquals(saved, loaded);
  }

  @Test
  void ipv6AndObjectsRoundTrip() {
    Config saved = TestConfigs.inBackupFixturesV5();
    store.save(saved);
    assertEquals(saved, store.load());
    // a block list of 100,000 entries is one stored value and comes back entry for entry
    List<dev.sekisho.config.Network> many = new java.util.ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      many.add(new dev.sekisho.config.Cidr(new dev.sekisho.config.Ipv4(0x0b000000 + i), 32));
    }
    Config big = saved.withAddressLists(List.of(new dev.sekisho.config.AddressList(101, "block", many)));
    store.save(big);
    assertEquals(big, store.load());
  }

  @Test
  void domainRulesAndTheForwardersSettingsRoundTrip() {
    Config saved = TestConfigs.inBackupFixturesV11();
    store.save(saved);
    Config loaded = store.load();
    assertEquals(saved, loaded);
    assertEquals("ads.example.com", loaded.rule(31).orElseThrow().destinationDomain().toString());
    assertEquals(900, loaded.settings().dnsTtlCap());
  }

  @Test
  void forwardsRoundTripInOrderWithEveryField() {
    Config saved = TestConfigs.inBackupFixturesV6();
    store.save(saved);
    Config loaded = store.load();
    assertEquals(List.of(2L, 1L), loaded.forwards().stream().map(dev.sekisho.config.PortForward::id).toList());
    assertEquals(saved, loaded);
    store.save(loaded.withoutForward(2));
    assertEquals(List.of(1L), store.load().forwards().stream().map(dev.sekisho.config.PortForward::id).toList());
  }

  @Test
  void schedulesRuleSchedulesAndTheTimeZoneRoundTrip() {
    Config saved = TestConfigs.inBackupFixturesV8();
    store.save(saved);
    Config loaded = store.load();
    assertEquals(saved, loaded);
    assertEquals(List.of(103L, 104L), loaded.schedules().stream().map(dev.sekisho.config.Schedule::id).toList());
    assertEquals(103L, loaded.rule(20).orElseThrow().scheduleId());
    assertEquals("Asia/Tokyo", loaded.settings().timeZone().getId());
    store.save(loaded.withSettings(x -> x.withTimeZone(null)));
    assertEquals(null, store.load().settings().timeZone());
  }

  @Test
  void movedRuleKeepsItsNewPlace() {
    store.save(TestConfigs.rich());
    store.save(store.load().withRuleMoved(1, -1));
    assertEquals(List.of(5L, 2L, 1L, 9L, 4L, 3L), store.load().rules().stream().map(Rule::id).toList());
  }

  @Test
  void saveReplacesEverythingPreviouslyStored() {
    store.save(TestConfigs.rich());
    store.save(TestConfigs.small());
    assertEquals(TestConfigs.small(), store.load());
  }

  @Test
  void savingAnEmptyConfigClearsItAgain() {
    store.save(TestConfigs.rich());
    store.save(Config.empty());
    assertEquals(Config.empty(), store.load());
    assertTrue(store.isEmpty());
  }

  @Test
  void restartKeepsTheData() {
    store.save(TestConfigs.rich());
    db.close();
    db = Database.open(dir);
    store = new ConfigStore(db);
    assertFalse(store.isEmpty());
    assertEquals(TestConfigs.rich(), store.load());
  }

  @Test
  void failedSaveLeavesThePreviousConfigIntact() {
    Config before = TestConfigs.rich();
    store.save(before);
    // Interfaces, hosts and the first rules insert fine; the last rule names a host that does not exist.
    Config broken = TestConfigs.small()
        .withRule(new Rule(12, 999L, null, Protocol.TCP, null, Action.DENY, false, Comment.NONE, true))
        .withSettings(s -> s.withAdminPort(9000));
    assertThrows(DataAccessException.class, () -> store.save(broken));
    assertEquals(before, store.load());
  }

  @Test
  void failedFirstSaveLeavesTheStoreEmpty() {
    Config broken = TestConfigs.rich()
        .withHost(new Host(8, "nas", null, Ipv4.parse("192.168.1.99"))); // duplicate name: unique constraint
    assertThrows(DataAccessException.class, () -> store.save(broken));
    assertTrue(store.isEmpty());
    assertEquals(Config.empty(), store.load());
  }

  @Test
  void hostNameOf64LettersOutsideTheBasicPlaneFits() {
    String name = "𠮷".repeat(64);
    Config c = TestConfigs.small().withHost(new Host(43, name, null, Ipv4.parse("10.9.0.10")));
    store.save(c);
    assertEquals(c, store.load());
  }

  @Test
  void corruptedRowFailsLoudlyNamingTableAndId() {
    store.save(TestConfigs.rich());
    db.dsl().update(RULES).set(RULES.PROTOCOL, "smtp").where(RULES.ID.eq(9L)).execute();
    IllegalStateException e = assertThrows(IllegalStateException.class, store::load);
    assertTrue(e.getMessage().contains("RULES") && e.getMessage().contains("id 9"), e.getMessage());

    store.save(TestConfigs.rich());
    db.dsl().update(HOSTS).set(HOSTS.IPV4, "192.168.1.300").where(HOSTS.ID.eq(7L)).execute();
    e = assertThrows(IllegalStateException.class, store::load);
    assertTrue(e.getMessage().contains("HOSTS") && e.getMessage().contains("id 7"), e.getMessage());

    store.save(TestConfigs.rich());
    // Ports on an ICMP rule would be a different rule than the one saved; the model refuses it.
    db.dsl().update(RULES).set(RULES.PORT_FROM, 1).set(RULES.PORT_TO, 2).where(RULES.ID.eq(1L)).execute();
    e = assertThrows(IllegalStateException.class, store::load);
    assertTrue(e.getMessage().contains("RULES") && e.getMessage().contains("id 1 "), e.getMessage());
  }
}
