package dev.sekisho.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The standard topology is wired as documented and needs no rules for LAN/WAN-local traffic. */
@KernelTest
class LabNetworkTopologyKernelTest {

  private static final Duration T = Duration.ofSeconds(2);
  @RegisterExtension
  static final LabExtension LAB = LabExtension.lab();
  private static LabNetwork lab;

  @BeforeAll
  static void build() {
    lab = LAB.network();
  }

  @Test
  void namespacesFollowTheNamingScheme() {
    assertEquals(List.of("gw", "sw", "net", "far", "laptop", "tablet", "printer", "guest"), lab.roles());
    assertTrue(lab.gwNamespaceName().matches("sk" + ProcessHandle.current().pid() + "x\\d+-gw"));
    assertTrue(NetnsSupport.listNamespaces().containsAll(lab.namespaceNames()));
  }

  @Test
  void lanHostsPingTheGateway() {
    for (LabHost h : LabHost.values()) {
      assertTrue(lab.ping(h.role(), LabNetwork.GW_LAN_IP), h + " cannot ping the gateway");
    }
    assertTrue(lab.ping("laptop", LabHost.PRINTER.ip()), "hosts share the LAN switch");
    assertTrue(lab.ping("net", LabNetwork.GW_WAN_IP));
  }

  @Test
  void gatewayReachesTheInternetServers() {
    for (int port : LabNetwork.TCP_SERVER_PORTS) {
      ProbeResult r = lab.tcp("gw", LabNetwork.INTERNET_IP_1, port, T);
      assertTrue(r.connected(), "tcp " + port + ": " + r);
      assertEquals(port, r.serverPort().orElseThrow());
      assertEquals(LabNetwork.GW_WAN_IP, r.serverSawAddress().orElseThrow());
    }
    for (int port : LabNetwork.UDP_SERVER_PORTS) {
      ProbeResult r = lab.udp("gw", LabNetwork.INTERNET_IP_2, port, T);
      assertTrue(r.connected(), "udp " + port + ": " + r);
      assertEquals(LabNetwork.GW_WAN_IP, r.serverSawAddress().orElseThrow());
    }
    assertEquals(ProbeResult.Outcome.REFUSED,
        lab.tcp("gw", LabNetwork.INTERNET_IP_1, 81, T).outcome(), "no server on 81 -> RST");
    assertEquals(ProbeResult.Outcome.REFUSED,
        lab.udp("gw", LabNetwork.INTERNET_IP_1, 54, T).outcome(), "no server on 54 -> ICMP");
  }

  @Test
  void netReachesTheGatewayButNotTheLan() {
    // Nothing listens on gw:8080 yet, so the kernel answers with RST.
    assertEquals(ProbeResult.Outcome.REFUSED,
        lab.tcpConnect("net", LabNetwork.GW_WAN_IP, 8080, T).outcome());
    ExecResult routes = lab.exec("net", "ip", "route", "get", LabHost.LAPTOP.ip());
    assertFalse(routes.ok(), "net must have no route to the LAN: " + routes.stdout());
  }

  @Test
  void macAddressesAreFixedAndSeenOnTheLan() {
    for (LabHost h : LabHost.values()) {
      ExecResult link = lab.exec(h.role(), "ip", "-o", "link", "show", "eth0").requireOk();
      assertTrue(link.stdout().contains("link/ether " + h.mac()), link.stdout());
      assertTrue(lab.ping(h.role(), LabNetwork.GW_LAN_IP));
    }
    // The gateway learned each host's MAC via ARP, and the switch learned them on its ports.
    String neigh = lab.exec("gw", "ip", "neigh", "show", "dev", "lan0").requireOk().stdout();
    String fdb = lab.exec("sw", "bridge", "fdb", "show", "br", "br0").requireOk().stdout();
    for (LabHost h : LabHost.values()) {
      assertTrue(neigh.contains(h.ip() + " lladdr " + h.mac()), neigh);
      assertTrue(fdb.contains(h.mac() + " dev " + h.role()), fdb);
    }
    assertNotEquals(LabHost.GUEST.mac(), LabHost.LAPTOP.mac());
    assertTrue(lab.exec("gw", "ip", "-o", "link", "show", "lan0").requireOk().stdout()
        .contains(LabNetwork.GW_LAN_MAC));
  }

  @Test
  void gatewayForwardsAndHasNoRules() {
    assertEquals("1", lab.exec("gw", "sysctl", "-n", "net.ipv4.ip_forward")
        .requireOk().stdout().strip());
    assertEquals("", lab.exec("gw", "nft", "list", "ruleset").requireOk().stdout().strip());
  }
}
