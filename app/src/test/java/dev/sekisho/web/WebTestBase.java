package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.InterfaceAddress;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Role;
import dev.sekisho.config.Settings;
import dev.sekisho.crypto.PasswordHasher;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Starts a fresh panel per test and offers a logged-in browser. */
abstract class WebTestBase {
  static final String PASSWORD = "correct horse battery staple";
  /**
   * {@link #PASSWORD} hashed once with the smallest Argon2id costs. Login reads the costs from the stored
   * hash, so every login still runs the real verification, without the appliance's 64 MiB per attempt;
   * the tests about the costs themselves (setup in {@link AuthTest}, PasswordHasherTest) use the real ones.
   */
  static final String PASSWORD_HASH = new PasswordHasher(8, 1, 1).hash(PASSWORD);

  @TempDir Path dir;
  Harness h;

  @BeforeEach
  void startPanel() {
    h = new Harness(dir);
  }

  @AfterEach
  void stopPanel() {
    h.close();
  }

  /** A small LAN: eth0 192.168.1.1/24 (LAN), eth1 (WAN, DHCP), one host. */
  static Config lan() {
    return Config.of(
        List.of(new NetInterface("eth0", Role.LAN, InterfaceAddress.parse("192.168.1.1/24")),
            new NetInterface("eth1", Role.WAN, null)),
        List.of(new Host(1, "laptop", null, Ipv4.parse("192.168.1.20"))),
        List.of(), Settings.DEFAULTS);
  }

  /** Stores a password (as setup would) and logs a new browser in. */
  Browser loggedIn() {
    if (h.admin.passwordHash().isEmpty()) {
      h.admin.setPasswordHash(PASSWORD_HASH);
    }
    Browser b = h.browser();
    Browser.Page p = b.postFrom("/login", "/login", Map.of("username", "admin", "password", PASSWORD));
    assertEquals(303, p.status(), p.body());
    assertEquals("/", p.location());
    assertEquals(200, b.get("/").status());
    return b;
  }
}
