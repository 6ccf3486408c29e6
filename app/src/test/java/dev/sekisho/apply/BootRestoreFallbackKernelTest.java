package dev.sekisho.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.lab.KernelTest;
import dev.sekisho.lab.LabExtension;
import dev.sekisho.lab.LabHost;
import dev.sekisho.lab.LabNetwork;
import dev.sekisho.lab.ProbeResult;
import dev.sekisho.ruleset.SafeRuleset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fallback proven with real packets: with both saved rulesets unusable, {@code restore-boot} in the lab's
 * gateway namespace loads a safe ruleset under which the LAN can still open the admin port on the gateway but
 * nothing is forwarded, and the WAN side cannot reach the admin port.
 */
@KernelTest
class BootRestoreFallbackKernelTest {
  private static final Duration OPEN = Duration.ofSeconds(3);
  private static final Duration BLOCKED = Duration.ofMillis(1500);
  private static final String NET = LabNetwork.INTERNET_IP_1;
  private static final int ADMIN_PORT = 8080;

  @RegisterExtension
  static final LabExtension LAB = LabExtension.lab().withPanelStandIn(ADMIN_PORT);
  static LabNetwork lab;

  @TempDir
  Path data;

  @BeforeAll
  static void startLab() {
    lab = LAB.network();
    // Without masquerade (the safe ruleset has none) the internet needs a route back to the LAN; with it, a
    // gateway without a ruleset visibly forwards, which makes the "blocked" probes meaningful.
    lab.exec(LabNetwork.ROLE_NET, "ip", "route", "replace", LabNetwork.LAN_CIDR, "via", LabNetwork.GW_WAN_IP)
        .requireOk();
  }

  /** Each test starts like a gateway that just booted: no ruleset, and then proves that means "open". */
  @BeforeEach
  void bootedWithoutARuleset() {
    lab.exec(LabNetwork.ROLE_GW, "nft", "flush", "ruleset").requireOk();
    assertTrue(lab.tcp(LabHost.LAPTOP.role(), NET, 80, OPEN).connected(),
        "sanity: without a ruleset the gateway forwards, so a blocked probe below means something");
  }

  private BootRestore.Report restore() {
    BootRestore.Report r = new BootRestore(ProcessNft.inNamespace(lab.gwNamespaceName()), new RulesetFile(data)).run();
    assertEquals(BootRestore.EXIT_FALLBACK, r.exitCode(), r.lines()::toString);
    return r;
  }

  private void bothRulesetsCorrupted() throws Exception {
    Files.writeString(data.resolve(RulesetFile.CURRENT), "table inet sekisho {\n\tchain input {\n\t\ttype filt");
    Files.write(data.resolve(RulesetFile.PREVIOUS), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
  }

  private static void forwardingIsDropped() {
    for (LabHost h : List.of(LabHost.LAPTOP, LabHost.GUEST)) {
      ProbeResult web = lab.tcp(h.role(), NET, 80, BLOCKED);
      assertEquals(ProbeResult.Outcome.TIMEOUT, web.outcome(), h + " must not reach the internet: " + web);
      assertFalse(lab.udp(h.role(), NET, 53, BLOCKED).connected(), h + ": udp 53 is not forwarded");
    }
  }

  private static void adminPortOpenFromTheLanOnly() {
    ProbeResult admin = lab.tcp(LabHost.LAPTOP.role(), LabNetwork.GW_LAN_IP, ADMIN_PORT, OPEN);
    assertTrue(admin.connected() && "PANEL".equals(admin.line()), "the LAN reaches the admin port: " + admin);
    ProbeResult fromWan = lab.tcp(LabNetwork.ROLE_NET, LabNetwork.GW_WAN_IP, ADMIN_PORT, BLOCKED);
    assertEquals(ProbeResult.Outcome.TIMEOUT, fromWan.outcome(), "the WAN does not: " + fromWan);
  }

  @Test
  void withBothRulesetsCorruptedTheSafeRulesetKeepsManagementAndDropsForwarding() throws Exception {
    bothRulesetsCorrupted();
    new RulesetFile(data).writeManagement(new SafeRuleset.Management(List.of(LabNetwork.GW_LAN_IF), ADMIN_PORT, true));
    BootRestore.Report r = restore();
    assertEquals(Optional.of(BootRestore.Source.SAFE), r.loaded(), r.lines()::toString);
    assertTrue(r.rejected().get(0).reason().contains("nft -c refused it"), r.lines()::toString);
    assertTrue(r.rejected().get(1).reason().contains("cannot read it"), r.lines()::toString);
    forwardingIsDropped();
    adminPortOpenFromTheLanOnly();
  }

  @Test
  void withNothingKnownTheGenericSafeRulesetKeepsManagementFromPrivateAddressesAndDropsForwarding()
      throws Exception {
    bothRulesetsCorrupted();
    BootRestore.Report r = restore();
    assertEquals(Optional.of(BootRestore.Source.GENERIC_SAFE), r.loaded(), r.lines()::toString);
    forwardingIsDropped();
    // The lab's WAN side uses documentation (non-private) addresses, so the same two probes hold here.
    adminPortOpenFromTheLanOnly();
  }
}
