package dev.sekisho.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.ProcessNft;
import dev.sekisho.cli.Appliance;
import dev.sekisho.cli.ApplianceBuilder;
import dev.sekisho.cli.LabMode;
import dev.sekisho.cli.TestAppliances;
import dev.sekisho.config.Config;
import dev.sekisho.lab.KernelTests;
import dev.sekisho.lab.LabHost;
import dev.sekisho.lab.LabNetwork;
import dev.sekisho.lab.LoopbackForwarder;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The panel as an admin meets it, for browser tests: a lab network, Sekisho running as its gateway (its table
 * applied there), the loopback forwarder from the laptop, and headless chromium. Everything is closed again,
 * in reverse order, also when starting fails half-way.
 */
final class LabPanel implements AutoCloseable {
  static final String PASSWORD = "a long lab password";

  final LabNetwork lab;
  Appliance app;
  LoopbackForwarder forwarder;
  ChromeDriver browser;
  String base;

  private LabPanel(LabNetwork lab) {
    this.lab = lab;
  }

  /**
   * Starts everything; {@code capture} also starts the live capture on the gateway's LAN interface (and waits
   * until it runs), {@code downloads} (may be null) is where the browser saves files.
   */
  static LabPanel start(Path tmp, Config seed, boolean capture, Path downloads) throws Exception {
    KernelTests.assumeKernel();
    LabPanel p = new LabPanel(LabNetwork.create());
    try {
      LabNetwork l = p.lab;
      ApplianceBuilder o = TestAppliances.realTime().dataDir(tmp.resolve("data"))
          .nft(ProcessNft.inNamespace(l.gwNamespaceName())).bootstrap(seed).adminPassword(PASSWORD)
          .listen("0.0.0.0", LabMode.PANEL_PORT);
      if (capture) {
        o.capture(new Appliance.Capture(LabNetwork.GW_LAN_IF,
            () -> l.namespace(LabNetwork.ROLE_GW).newExecutor("capture", 2)));
      }
      p.app = o.open();
      Appliance a = p.app;
      l.inGateway(a::start);
      assertTrue(a.applyLastKnown().ok());
      if (capture) {
        awaitCapture(a);
      }
      p.forwarder = l.forward(LabHost.LAPTOP.role(), 0, LabNetwork.GW_LAN_IP, LabMode.PANEL_PORT);
      p.base = p.forwarder.httpUrl();
      p.browser = Browsers.chromium(tmp.resolve("profile"), downloads);
      return p;
    } catch (Exception | AssertionError e) {
      p.close();
      throw e;
    }
  }

  /** Logs in through the login page and waits for the dashboard. */
  void login() {
    browser.get(base + "/login");
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    browser.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().equals(base + "/"));
  }

  /**
   * Waits (at most 10 s) until the browser shows a page whose address ends with {@code suffix}: a click on a
   * submit button returns before the browser has navigated.
   */
  static void awaitUrlEndsWith(WebDriver d, String suffix) {
    new WebDriverWait(d, Duration.ofSeconds(10)).withMessage(() -> "expected a page ending in " + suffix + ", at "
        + d.getCurrentUrl()).until(x -> x.getCurrentUrl().endsWith(suffix));
  }

  private static void awaitCapture(Appliance a) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!(a.capture().status().running() && a.capture().blockedStatus().running())
        && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertTrue(a.capture().status().running(), () -> "capture: " + a.capture().status());
    assertTrue(a.capture().blockedStatus().running(), () -> "blocked log: " + a.capture().blockedStatus());
  }

  @Override
  public void close() {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      try {
        if (forwarder != null) {
          forwarder.close();
        }
      } finally {
        try {
          if (app != null) {
            app.close();
          }
        } finally {
          lab.close();
        }
      }
    }
  }
}
