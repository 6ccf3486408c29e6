package dev.sekisho.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.cli.Appliance;
import dev.sekisho.config.PortForward;
import dev.sekisho.lab.KernelTest;
import dev.sekisho.lab.LabExtension;
import dev.sekisho.lab.LabHost;
import dev.sekisho.lab.LabNetwork;
import dev.sekisho.lab.LabSeed;
import dev.sekisho.lab.LoopbackForwarder;
import dev.sekisho.lab.ProbeResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
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
 * A port forward, a host group and a service as an admin makes them: through the NAT and Objects pages in
 * headless chromium, with a rule naming the group and the service, applied with confirmation; then a new
 * connection from the internet namespace to the gateway's WAN address reaches the laptop's service, and the
 * group rule blocks its member (and only it).
 */
@KernelTest
@BrowserTest
class ForwardLabBrowserTest {
  private static final Duration OPEN = Duration.ofSeconds(3);
  private static final int SERVER_PORT = 8000;

  @RegisterExtension
  final LabExtension fixture = LabPanel.lab(LabSeed.base(), false);
  @TempDir
  Path tmp;
  LabPanel panel;
  LabNetwork lab;
  Appliance app;
  LoopbackForwarder forwarder;
  ChromeDriver browser;
  ServerSocket server;
  final AtomicInteger accepted = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    panel = LabPanel.start(fixture, tmp, null);
    lab = panel.lab;
    app = panel.app;
    forwarder = panel.forwarder;
    browser = panel.browser;
    // bound inside the laptop's namespace; accepting may then happen on any thread
    server = lab.in(LabHost.LAPTOP.role(), () -> {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("0.0.0.0", SERVER_PORT));
      return s;
    });
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket c = server.accept();
          accepted.incrementAndGet();
          c.close();
        } catch (IOException e) {
          return;
        }
      }
    }, "laptop-server");
    t.setDaemon(true);
    t.start();
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    if (panel != null) {
      panel.close();
    }
  }

  @Test
  void aForwardAGroupAndAServiceMadeInThePanelAreInForceAfterTheConfirmedApply() {
    ProbeResult before = lab.tcpConnect(LabNetwork.ROLE_NET, LabNetwork.GW_WAN_IP, 8443, Duration.ofMillis(1500));
    assertFalse(before.connected(), "nothing is forwarded yet: " + before);

    String base = forwarder.httpsUrl();
    panel.login();
    browser.get(base + "/nat");
    browser.findElement(By.linkText("Add port forward")).click();
    LabPanel.awaitUrlEndsWith(browser, "/nat/forwards/new");
    new Select(browser.findElement(By.id("protocol"))).selectByValue("tcp");
    browser.findElement(By.id("wanPorts")).sendKeys("8443");
    new Select(browser.findElement(By.id("host"))).selectByVisibleText("laptop (" + LabHost.LAPTOP.ip() + ")");
    browser.findElement(By.id("targetPort")).sendKeys(String.valueOf(SERVER_PORT));
    browser.findElement(By.id("comment")).sendKeys("laptop web");
    browser.findElement(By.cssSelector("main form.form button[type=submit]")).click();
    LabPanel.awaitUrlEndsWith(browser, "/nat");
    String nat = browser.findElement(By.tagName("main")).getText();
    assertTrue(nat.contains("Port forward #1 added.") && nat.contains("laptop web"), nat);

    // objects through the panel: a group with the tablet, a service, and a rule naming both
    browser.get(base + "/objects/groups/new");
    browser.findElement(By.id("name")).sendKeys("kids devices");
    browser.findElement(By.xpath("//input[@name='member' and @value='" + LabSeed.TABLET + "']")).click();
    browser.findElement(By.cssSelector("main form.form button[type=submit]")).click();
    LabPanel.awaitUrlEndsWith(browser, "/objects");
    browser.get(base + "/objects/services/new");
    browser.findElement(By.id("name")).sendKeys("plain web");
    browser.findElement(By.id("entries")).sendKeys("tcp 80");
    browser.findElement(By.cssSelector("main form.form button[type=submit]")).click();
    LabPanel.awaitUrlEndsWith(browser, "/objects");
    String objects = browser.findElement(By.tagName("main")).getText();
    assertTrue(objects.contains("kids devices") && objects.contains("plain web"), objects);
    browser.get(base + "/rules/new");
    new Select(browser.findElement(By.id("source"))).selectByValue("g100");
    new Select(browser.findElement(By.id("service"))).selectByValue("101");
    new Select(browser.findElement(By.id("action"))).selectByValue("deny");
    browser.findElement(By.id("comment")).sendKeys("kids no plain web");
    browser.findElement(By.cssSelector("main form.form button[type=submit]")).click();
    LabPanel.awaitUrlEndsWith(browser, "/rules");
    assertTrue(browser.findElement(By.tagName("main")).getText().contains("group kids devices"));

    browser.get(base + "/apply/preview");
    String preview = browser.findElement(By.tagName("main")).getText();
    assertTrue(preview.contains("Port forward #1 (laptop web) added"), preview);
    assertTrue(preview.contains("Group kids devices (#100)"), preview);
    browser.findElement(By.cssSelector("#apply-form button[type=submit]")).click();
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/ruleset"));
    String page = browser.findElement(By.tagName("main")).getText();
    assertTrue(page.contains("Confirmed"), page);
    assertTrue(page.contains("forward #1"), "the ruleset view shows the forward's lines");
    assertTrue(app.safeApply().waiting().isEmpty(), "nothing waits after the confirmation");
    PortForward f = app.applied().current().orElseThrow().config().forward(1).orElseThrow();
    assertEquals(LabSeed.LAPTOP, f.hostId());

    int seen = accepted.get();
    ProbeResult after = lab.tcpConnect(LabNetwork.ROLE_NET, LabNetwork.GW_WAN_IP, 8443, OPEN);
    assertTrue(after.connected(), "the forward is in force: " + after);
    long until = System.nanoTime() + OPEN.toNanos();
    while (accepted.get() == seen && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    assertTrue(accepted.get() > seen, "the laptop's server took the connection");
    // the group rule is in force for its member only
    assertEquals(ProbeResult.Outcome.TIMEOUT, lab.tcpConnect(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_1, 80,
        Duration.ofMillis(1500)).outcome());
    assertTrue(lab.tcpConnect(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_1, 443, OPEN).connected());
    assertTrue(lab.tcpConnect(LabHost.PRINTER.role(), LabNetwork.INTERNET_IP_1, 80, OPEN).connected());
  }
}
