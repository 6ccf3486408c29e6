package dev.sekisho.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Config;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Role;
import dev.sekisho.config.Settings;
import dev.sekisho.crypto.PasswordHasher;
import dev.sekisho.lab.LabSeed;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first start of a data directory, against a real H2 file database. */
class FirstStartTest {
  private static final String PASSWORD = "a long enough password";

  @TempDir Path dir;
  Database db;
  ConfigStore configs;
  AdminStore admins;

  @BeforeEach
  void open() {
    db = Database.open(dir);
    configs = new ConfigStore(db);
    admins = new AdminStore(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void withoutAPasswordASetupTokenIsIssuedEachStartUntilOneIsChosen() {
    String first = FirstStart.run(configs, admins, null, null);
    assertNotNull(first);
    assertTrue(configs.isEmpty(), "no starting configuration, no draft");
    String second = FirstStart.run(configs, admins, null, "");
    assertNotNull(second, "an empty password counts as none");
    assertTrue(!first.equals(second), "every start prints a new token");
    admins.setPasswordHash(PasswordHasher.DEFAULT.hash(PASSWORD));
    assertNull(FirstStart.run(configs, admins, null, null));
  }

  @Test
  void aGivenPasswordIsSetOnceAndTheStartingConfigSeedsOnce() {
    Config start = LabSeed.base();
    assertNull(FirstStart.run(configs, admins, start, PASSWORD));
    assertEquals(start, configs.load());
    String phc = admins.passwordHash().orElseThrow();
    assertTrue(PasswordHasher.DEFAULT.verify(PASSWORD, phc));

    Config other = LabSeed.demo();
    assertNull(FirstStart.run(configs, admins, other, "another long password"));
    assertEquals(start, configs.load(), "a later start keeps the draft");
    assertEquals(phc, admins.passwordHash().orElseThrow(), "and the password");
  }

  @Test
  void aShortPasswordOrAnInvalidConfigStopsTheStartAndWritesNothing() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FirstStart.run(configs, admins, LabSeed.base(), "short"));
    assertEquals("SEKISHO_ADMIN_PASSWORD must be at least 12 characters long", e.getMessage());
    assertTrue(configs.isEmpty());
    assertTrue(admins.passwordHash().isEmpty());

    Config twice = Config.of(List.of(new NetInterface("eth0", Role.LAN, null),
        new NetInterface("eth0", Role.WAN, null)), List.of(), List.of(), Settings.DEFAULTS);
    e = assertThrows(IllegalArgumentException.class, () -> FirstStart.run(configs, admins, twice, PASSWORD));
    assertTrue(e.getMessage().startsWith("the starting configuration is not valid: "), e.getMessage());
    assertTrue(configs.isEmpty());
    assertTrue(admins.passwordHash().isEmpty());
  }
}
