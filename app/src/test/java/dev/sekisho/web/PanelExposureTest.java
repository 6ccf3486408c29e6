package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.ManualTimer;
import dev.sekisho.apply.StartGuard;
import dev.sekisho.cli.Appliance;
import dev.sekisho.cli.ApplianceBuilder;
import dev.sekisho.cli.PanelAddress;
import dev.sekisho.config.Config;
import dev.sekisho.config.InterfaceAddress;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Role;
import dev.sekisho.config.Settings;
import dev.sekisho.ruleset.SafeRuleset;
import dev.sekisho.web.auth.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The appliance as {@code serve} builds it: where the panel listens is decided from the configuration, the
 * safe ruleset goes in before the server starts, and a panel allowed on the WAN says so on every page.
 */
class PanelExposureTest {
  /** A LAN and a WAN interface; in this test both "have" loopback addresses so that the panel can bind. */
  private static final Config SEED = Config.of(List.of(
      new NetInterface("eth1", Role.LAN, InterfaceAddress.parse("192.168.1.1/24")),
      new NetInterface("eth0", Role.WAN, null)), List.of(), List.of(), Settings.DEFAULTS.withAdminPort(8443));
  private static final Function<String, List<String>> ADDRESSES = name -> switch (name) {
    case "eth1" -> List.of("127.0.0.1");
    case "eth0" -> List.of("127.0.0.2");
    default -> List.of();
  };

  @TempDir
  Path data;
  final FakeNft nft = new FakeNft();

  private ApplianceBuilder builder(Config seed) {
    return builder(data, seed);
  }

  private ApplianceBuilder builder(Path dir, Config seed) {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T09:00:00Z"));
    return Appliance.builder().dataDir(dir).nft(nft).clock(clock).environment(Map.of())
        .timer(new ManualTimer(clock)).bootstrap(seed).adminPassword("a-long-enough-password");
  }

  @Test
  void aFreshApplianceListensOnTheLanAddressBehindTheSafeRuleset() {
    try (Appliance app = builder(SEED).listenOnLan(new PanelAddress.Options("127.0.0.1:0", false), ADDRESSES)
        .open()) {
      assertTrue(nft.calls.isEmpty(), "nothing touches the kernel before the start");
      app.start();
      assertEquals(StartGuard.InForce.SAFE, app.inForce().inForce());
      assertEquals(2, nft.calls.size(), nft.calls.toString());
      assertEquals(List.of("-c", "-f", "-"), nft.calls.get(0).args());
      assertEquals(List.of("-f", "-"), nft.calls.get(1).args());
      assertEquals(SafeRuleset.compile(new SafeRuleset.Management(List.of("eth1"), 8443, true)),
          nft.calls.get(1).stdin(), "the LAN interfaces and the panel's port from the configuration");
      String login = new Browser(app.port(), app.https().current()).get("/login").body();
      assertTrue(login.contains("Log in") && !login.contains("faces the WAN"), login);
    }
  }

  @Test
  void withoutListenTheDecisionIsTheLanAddressAndThePortOfTheConfiguration() {
    try (Appliance app = builder(SEED).listenOnLan(PanelAddress.Options.DEFAULT, ADDRESSES).open()) {
      assertEquals("127.0.0.1:8443", app.listening().hostPort());
      assertFalse(app.listening().onWan());
    }
  }

  @Test
  void aWanAddressIsRefusedAtOpenAndTheDataDirectoryIsFreeAgain() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder(SEED)
        .listenOnLan(new PanelAddress.Options("127.0.0.2:0", false), ADDRESSES).open());
    assertTrue(e.getMessage().contains("WAN interface eth0") && e.getMessage().contains("--panel-on-wan"),
        e.getMessage());
    // The data directory is free again: the same one opens with an allowed address.
    builder(SEED).listenOnLan(PanelAddress.Options.DEFAULT, ADDRESSES).open().close();
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> builder(data.resolve("b"),
        null).listenOnLan(PanelAddress.Options.DEFAULT, ADDRESSES).open());
    assertTrue(none.getMessage().contains("No LAN address"), none.getMessage());
    assertTrue(nft.calls.isEmpty());
  }

  @Test
  void aPanelAllowedOnTheWanShowsAWarningOnEveryPage() {
    // Here the WAN interface has the loopback address the test's browser connects to.
    Function<String, List<String>> wanOnLoopback = name -> name.equals("eth0") ? List.of("127.0.0.1") : List.of();
    try (Appliance app = builder(SEED).listenOnLan(new PanelAddress.Options("127.0.0.1:0", true), wanOnLoopback)
        .open().start()) {
      assertTrue(app.listening().onWan());
      String page = new Browser(app.port(), app.https().current()).get("/login").body();
      assertTrue(page.contains("The panel faces the WAN.") && page.contains("WAN interface eth0"), page);
    }
  }
}
