package dev.sekisho.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rulesets applied inside gw change what the LAN sees, exactly like on the appliance. The rules
 * are applied by the test (never by the lab) and only inside the gw namespace.
 */
@KernelTest
class MasqueradeKernelTest {

  private static final Duration SHORT = Duration.ofMillis(1500);
  // On one line nft 1.0.6 needs ';' after the last rule and after each chain's closing brace.
  private static final String MASQUERADE = "table inet labtest { chain post {"
      + " type nat hook postrouting priority srcnat; policy accept;"
      + " oifname \"wan0\" masquerade; }; }";

  @RegisterExtension
  final LabExtension fixture = LabExtension.lab();
  private LabNetwork lab;

  @BeforeEach
  void setUp() {
    lab = fixture.network();
  }

  private void applyInGateway(String ruleset) {
    lab.execWithInput(LabNetwork.ROLE_GW, ruleset, "nft", "-f", "-").requireOk();
  }

  @Test
  void withoutMasqueradeTheInternetCannotAnswer() {
    ProbeResult tcp = lab.tcp("tablet", LabNetwork.INTERNET_IP_1, 443, SHORT);
    assertEquals(ProbeResult.Outcome.TIMEOUT, tcp.outcome(), tcp.toString());
    ProbeResult udp = lab.udp("tablet", LabNetwork.INTERNET_IP_1, 53, SHORT);
    assertEquals(ProbeResult.Outcome.TIMEOUT, udp.outcome(), udp.toString());
  }

  @Test
  void masqueradeMakesTrafficAppearFromTheWanAddress() {
    applyInGateway(MASQUERADE);
    ProbeResult tcp = lab.tcp("tablet", LabNetwork.INTERNET_IP_1, 443, SHORT);
    assertTrue(tcp.connected(), tcp.toString());
    assertTrue(tcp.line().startsWith(LabNetwork.SERVER_LINE_PREFIX + " port=443 from="), tcp.line());
    assertEquals(LabNetwork.GW_WAN_IP, tcp.serverSawAddress().orElseThrow());

    ProbeResult udp = lab.udp("tablet", LabNetwork.INTERNET_IP_1, 53, SHORT);
    assertTrue(udp.connected(), udp.toString());
    assertEquals(LabNetwork.GW_WAN_IP, udp.serverSawAddress().orElseThrow());
    assertEquals(53, udp.serverPort().orElseThrow());

    ProbeResult second = lab.udp("guest", LabNetwork.INTERNET_IP_2, 40000, SHORT);
    assertTrue(second.connected(), second.toString());
    assertEquals(LabNetwork.GW_WAN_IP, second.serverSawAddress().orElseThrow());

    ProbeResult closedPort = lab.tcp("laptop", LabNetwork.INTERNET_IP_2, 8081, SHORT);
    assertEquals(ProbeResult.Outcome.REFUSED, closedPort.outcome(), closedPort.toString());
  }

  @Test
  void probeOutcomesReflectRejectAndDrop() {
    applyInGateway(MASQUERADE);
    applyInGateway("""
        table inet labfilter {
          chain forward_lab {
            type filter hook forward priority filter; policy accept;
            ip saddr 192.168.77.12 tcp dport 22 reject with icmpx admin-prohibited
            ip saddr 192.168.77.12 tcp dport 80 reject with tcp reset
            ip saddr 192.168.77.12 udp dport 53 reject with icmpx admin-prohibited
            ip saddr 192.168.77.12 tcp dport 443 drop
          }
          chain input_lab {
            type filter hook input priority filter; policy accept;
            iifname "lan0" ip saddr 192.168.77.12 icmp type echo-request drop
          }
        }
        """);
    String ip = LabNetwork.INTERNET_IP_1;
    assertEquals(ProbeResult.Outcome.UNREACHABLE, lab.tcp("printer", ip, 22, SHORT).outcome());
    assertEquals(ProbeResult.Outcome.REFUSED, lab.tcp("printer", ip, 80, SHORT).outcome());
    assertEquals(ProbeResult.Outcome.UNREACHABLE, lab.udp("printer", ip, 53, SHORT).outcome());
    assertEquals(ProbeResult.Outcome.TIMEOUT, lab.tcp("printer", ip, 443, SHORT).outcome());
    assertTrue(lab.tcp("laptop", ip, 443, SHORT).connected(), "other hosts unaffected");
    // Proves ping is real ICMP (a TCP-echo fallback would still "reach" the gateway).
    assertFalse(lab.ping("printer", LabNetwork.GW_LAN_IP));
    assertTrue(lab.ping("laptop", LabNetwork.GW_LAN_IP));
  }
}
