package dev.sekisho.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.ManualTimer;
import dev.sekisho.apply.Nft;
import dev.sekisho.crypto.PasswordHasher;
import dev.sekisho.store.SetupTokenFile;
import dev.sekisho.web.auth.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 9 of issue 9: the setup token is not printed for the journal; {@code serve} leaves it in an
 * owner-only file in the data directory, which goes once the admin password is set.
 */
class SetupTokenFileTest {
  private static final Nft ACCEPTING = (args, stdin) -> new Nft.NftResult(0, "", "");

  @TempDir Path dir;

  private Appliance open() {
    MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:15:30Z"));
    return Appliance.builder().dataDir(dir).nft(ACCEPTING).clock(clock).environment(Map.of())
        .timer(new ManualTimer(clock)).open();
  }

  @Test
  void theTokenIsInAnOwnerOnlyFileUntilThePasswordIsSet() throws Exception {
    Path file = dir.resolve(SetupTokenFile.NAME);
    try (Appliance app = open()) {
      assertNotNull(app.setupToken());
      assertEquals(file, app.setupTokenFile());
      assertEquals(app.setupToken() + "\n", Files.readString(file));
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      String notice = Main.setupNotice(app.setupTokenFile());
      assertTrue(notice.contains(file.toString()), notice);
      assertFalse(notice.contains(app.setupToken()), "the console (journal) never sees the token: " + notice);

      app.admins().setPasswordHash(new PasswordHasher(8, 1, 1).hash("correct horse battery staple"));
      assertFalse(Files.exists(file), "deleted once the password is set");
    }
    // A stale file (say, from a crash between the two) is removed by a start that finds a password set.
    Files.writeString(file, "stale\n");
    try (Appliance app = open()) {
      assertNull(app.setupToken());
      assertNull(app.setupTokenFile());
      assertFalse(Files.exists(file));
    }
  }
}
