package dev.sekisho.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.cli.Appliance;
import dev.sekisho.config.Config;
import dev.sekisho.lab.LabExtension;
import dev.sekisho.lab.LabNetwork;
import dev.sekisho.lab.LoopbackForwarder;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The panel as an admin meets it, for browser tests: Sekisho running as a lab gateway (its table applied there)
 * and reached through the loopback forwarder from the laptop, both from {@link LabExtension} (see
 * {@link #lab}), and headless chromium, quit again by {@link #close()} before the extension removes the lab.
 */
final class LabPanel implements AutoCloseable {
  static final String PASSWORD = LabExtension.PASSWORD;

  final LabNetwork lab;
  final Appliance app;
  final LoopbackForwarder forwarder;
  final String base;
  ChromeDriver browser;

  private LabPanel(LabExtension fixture) {
    this.lab = fixture.network();
    this.app = fixture.appliance();
    this.forwarder = fixture.forwarder();
    this.base = forwarder.httpsUrl();
  }

  /**
   * The lab part, to register as an instance field: the appliance starts with {@code seed}; {@code capture}
   * also starts the live capture on the gateway's LAN interface.
   */
  static LabExtension lab(Config seed, boolean capture) {
    LabExtension l = LabExtension.lab().withAppliance(seed);
    return capture ? l.capturingOn(LabNetwork.GW_LAN_IF) : l;
  }

  /**
   * Waits until the live capture (if any) runs, then opens the browser; {@code downloads} (may be null) is where
   * it saves files.
   */
  static LabPanel start(LabExtension fixture, Path tmp, Path downloads) throws Exception {
    LabPanel p = new LabPanel(fixture);
    if (p.app.capture() != null) {
      awaitCapture(p.app);
    }
    p.browser = Browsers.chromium(tmp.resolve("profile"), downloads, p.app.https().current());
    return p;
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
    if (browser != null) {
      browser.quit();
    }
  }
}
