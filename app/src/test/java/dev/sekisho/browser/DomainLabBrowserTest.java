package dev.sekisho.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.lab.ExecResult;
import dev.sekisho.lab.KernelTest;
import dev.sekisho.lab.LabDnsServer;
import dev.sekisho.lab.LabExtension;
import dev.sekisho.lab.LabHost;
import dev.sekisho.lab.LabNetwork;
import dev.sekisho.lab.LabSeed;
import dev.sekisho.lab.ProbeResult;
import dev.sekisho.dns.DnsMessage;
import dev.sekisho.dns.DnsReader;
import dev.sekisho.dns.DnsWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A domain rule as an admin makes it, in headless chromium: the DNS forwarder's upstream on its settings page,
 * "the tablet may reach *.example.org" and "nothing else" on the rule form, applied with confirmation; then the
 * tablet asks the gateway for a name, and its connection to the answer passes while another address does not.
 */
@KernelTest
@BrowserTest
class DomainLabBrowserTest {
  private static final String DNS_IP = "203.0.113.53";

  @RegisterExtension
  final LabExtension fixture = LabPanel.lab(LabSeed.base(), false);
  @TempDir
  Path tmp;
  LabPanel panel;
  LabDnsServer dns;

  @BeforeEach
  void start() throws Exception {
    panel = LabPanel.start(fixture, tmp, null);
    ExecResult added = panel.lab.exec(LabNetwork.ROLE_NET, "ip", "addr", "add", DNS_IP + "/32", "dev",
        LabNetwork.NET_DUMMY_IF);
    assertTrue(added.ok(), added::toString);
    dns = LabDnsServer.start(panel.lab.namespace(LabNetwork.ROLE_NET).newExecutor("lab-dns", 3), DNS_IP, 53)
        .address("allowed.example.org", LabNetwork.INTERNET_IP_1, 60);
  }

  @AfterEach
  void stop() {
    if (dns != null) {
      dns.close();
    }
    if (panel != null) {
      panel.close();
    }
  }

  private static void submit(ChromeDriver b) {
    b.findElement(By.cssSelector("main form.form button[type=submit]")).click();
  }

  @Test
  void aDomainRuleMadeInThePanelLetsTheTabletReachTheNameAndNothingElse() throws Exception {
    ChromeDriver b = panel.browser;
    String base = panel.base;
    panel.login();
    b.get(base + "/settings/dns");
    b.findElement(By.id("dnsUpstream")).sendKeys(DNS_IP);
    submit(b);
    LabPanel.awaitUrlEndsWith(b, "/settings/dns");

    b.get(base + "/rules/new");
    new Select(b.findElement(By.id("source"))).selectByValue(String.valueOf(LabSeed.TABLET));
    b.findElement(By.id("destination")).clear();
    b.findElement(By.id("destinationDomain")).sendKeys("*.example.org");
    assertTrue(b.findElement(By.id("destinationDomain-hint")).getText().contains("DNS over HTTPS can evade it"));
    new Select(b.findElement(By.id("protocol"))).selectByValue("tcp");
    new Select(b.findElement(By.id("action"))).selectByValue("allow");
    b.findElement(By.id("comment")).sendKeys("tablet: example.org");
    submit(b);
    LabPanel.awaitUrlEndsWith(b, "/rules");
    b.get(base + "/rules/new");
    new Select(b.findElement(By.id("source"))).selectByValue(String.valueOf(LabSeed.TABLET));
    new Select(b.findElement(By.id("protocol"))).selectByValue("any");
    new Select(b.findElement(By.id("action"))).selectByValue("deny");
    b.findElement(By.id("comment")).sendKeys("tablet: nothing else");
    submit(b);
    LabPanel.awaitUrlEndsWith(b, "/rules");
    assertTrue(b.findElement(By.tagName("main")).getText().contains("domain *.example.org"));

    b.get(base + "/apply/preview");
    b.findElement(By.cssSelector("#apply-form button[type=submit]")).click();
    new WebDriverWait(b, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/ruleset"));
    assertTrue(b.findElement(By.tagName("main")).getText().contains("Confirmed"));

    LabNetwork lab = panel.lab;
    assertEquals(ProbeResult.Outcome.TIMEOUT, lab.tcpConnect(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_1, 80,
        Duration.ofMillis(1200)).outcome(), "nothing asked yet");
    ExecutorService tablet = lab.namespace(LabHost.TABLET.role()).newExecutor("tablet-dns", 1);
    String ip = tablet.submit(() -> {
      try (DatagramSocket s = new DatagramSocket()) {
        s.setSoTimeout(3000);
        byte[] q = DnsWriter.query(4242, "allowed.example.org", DnsMessage.A);
        s.send(new DatagramPacket(q, q.length, InetAddress.getByName(LabNetwork.GW_LAN_IP), 53));
        byte[] buf = new byte[1500];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        byte[] a = DnsReader.read(Arrays.copyOf(buf, p.getLength())).answers().get(0).address();
        return (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
      }
    }).get();
    assertEquals(LabNetwork.INTERNET_IP_1, ip, "the gateway answered");
    assertTrue(lab.tcpConnect(LabHost.TABLET.role(), ip, 80, Duration.ofSeconds(3)).connected(),
        "the packet check passes for the name's address");
    assertEquals(ProbeResult.Outcome.TIMEOUT, lab.tcpConnect(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_2, 80,
        Duration.ofMillis(1200)).outcome(), "another address stays blocked");
    b.get(base + "/settings/dns");
    assertTrue(b.findElement(By.id("dns-counters")).getText().contains("Addresses held for domain rules: 1"),
        b.findElement(By.id("dns-counters")).getText());
  }
}
