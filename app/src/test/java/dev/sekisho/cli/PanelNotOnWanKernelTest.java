package dev.sekisho.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.ProcessNft;
import dev.sekisho.apply.StartGuard;
import dev.sekisho.lab.KernelTest;
import dev.sekisho.lab.LabExtension;
import dev.sekisho.lab.LabHost;
import dev.sekisho.lab.LabNetwork;
import dev.sekisho.lab.LabSeed;
import dev.sekisho.lab.ProbeResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh box, before its first apply, with real packets: Sekisho is started in the lab gateway the way
 * {@code serve} starts it (the listen address decided from the configuration, no option given) and nothing is
 * applied. The internet cannot open a TCP connection to the panel, neither on the gateway's WAN address nor on
 * its LAN address sent in over the WAN link (Linux accepts a packet for any of its own addresses on any
 * interface); a LAN host reaches the panel. Only a TCP handshake is checked, whatever the panel speaks.
 */
@KernelTest
class PanelNotOnWanKernelTest {
  private static final Duration PROBE = Duration.ofSeconds(2);
  private static final int PORT = LabMode.PANEL_PORT;

  @RegisterExtension
  final LabExtension fixture = LabExtension.lab();

  @TempDir
  Path tmp;

  @Test
  void beforeAnyApplyTheInternetCannotConnectToThePanelButTheLanCan() throws Exception {
    LabNetwork lab = fixture.network();
    assertFalse(lab.exec(LabNetwork.ROLE_GW, "nft", "list", "table", "inet", "sekisho").ok(),
        "the gateway starts without Sekisho's table");
    // An attacker on the WAN segment may send packets for the LAN address to the gateway's WAN side.
    lab.namespace(LabNetwork.ROLE_NET).ip("route", "add", LabNetwork.LAN_CIDR, "via", LabNetwork.GW_WAN_IP);

    Path data = Files.createDirectories(tmp.resolve("data"));
    try (Appliance app = TestAppliances.realTime().dataDir(data)
        .nft(ProcessNft.inNamespace(lab.gwNamespaceName())).bootstrap(LabSeed.base())
        .listenOnLan(PanelAddress.Options.DEFAULT, name -> List.of()).open()) {
      lab.inGateway(app::start);
      System.out.println("[panel] listening on " + app.listening().hostPort() + "; in force: "
          + app.inForce().line());
      assertEquals(LabNetwork.GW_LAN_IP + ":" + PORT, app.listening().hostPort());
      assertEquals(StartGuard.InForce.SAFE, app.inForce().inForce());
      assertTrue(app.applied().current().isEmpty(), "nothing was applied");

      ProbeResult wan = lab.tcpConnect(LabNetwork.ROLE_NET, LabNetwork.GW_WAN_IP, PORT, PROBE);
      assertFalse(wan.connected(), "the internet must not reach the panel on the WAN address: " + wan);
      ProbeResult lanViaWan = lab.tcpConnect(LabNetwork.ROLE_NET, LabNetwork.GW_LAN_IP, PORT, PROBE);
      assertFalse(lanViaWan.connected(), "nor on the LAN address sent in over the WAN: " + lanViaWan);
      ProbeResult ssh = lab.tcpConnect(LabNetwork.ROLE_NET, LabNetwork.GW_WAN_IP, 22, PROBE);
      assertEquals(ProbeResult.Outcome.TIMEOUT, ssh.outcome(), "SSH is dropped from the WAN too: " + ssh);

      ProbeResult lan = lab.tcpConnect(LabHost.LAPTOP.role(), LabNetwork.GW_LAN_IP, PORT, PROBE);
      assertTrue(lan.connected(), "a LAN host reaches the panel: " + lan);
    }
  }
}
