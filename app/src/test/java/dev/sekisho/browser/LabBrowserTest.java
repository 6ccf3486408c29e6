package dev.sekisho.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.cli.Appliance;
import dev.sekisho.config.Action;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.lab.KernelTest;
import dev.sekisho.lab.LabExtension;
import dev.sekisho.lab.LabHost;
import dev.sekisho.lab.LabNetwork;
import dev.sekisho.lab.LabSeed;
import dev.sekisho.lab.LoopbackForwarder;
import dev.sekisho.lab.ProbeResult;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole path as an admin walks it: headless chromium on this machine reaches the panel through the
 * loopback forwarder (so every request enters the gateway from the LAN side), logs in, adds a host and a
 * rule, applies, and a real packet from that host shows the rule in force.
 */
@KernelTest
@BrowserTest
class LabBrowserTest {
  private static final String PASSWORD = LabPanel.PASSWORD;
  private static final Duration OPEN = Duration.ofSeconds(3);

  @RegisterExtension
  final LabExtension fixture = LabPanel.lab(LabSeed.base(), false);
  @TempDir
  Path tmp;
  LabPanel panel;
  LabNetwork lab;
  Appliance app;
  LoopbackForwarder forwarder;
  ChromeDriver browser;

  @BeforeEach
  void start() throws Exception {
    panel = LabPanel.start(fixture, tmp, null);
    lab = panel.lab;
    app = panel.app;
    forwarder = panel.forwarder;
    browser = panel.browser;
  }

  @AfterEach
  void stop() {
    if (panel != null) {
      panel.close();
    }
  }

  @Test
  void addAHostAndARuleApplyAndTheNextPacketIsRefused() {
    ProbeResult before = lab.tcp(LabHost.GUEST.role(), LabNetwork.INTERNET_IP_1, 443, OPEN);
    assertTrue(before.connected(), "before the rule the guest reaches 443: " + before);

    String base = forwarder.httpsUrl();
    browser.get(base + "/");
    assertTrue(browser.getCurrentUrl().endsWith("/login"), browser.getCurrentUrl());
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    browser.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
    LabPanel.awaitUrlEndsWith(browser, base + "/");

    browser.get(base + "/hosts/new");
    browser.findElement(By.id("name")).sendKeys("guest phone");
    browser.findElement(By.id("ip")).sendKeys(LabHost.GUEST.ip());
    browser.findElement(By.id("mac")).sendKeys(LabHost.GUEST.mac());
    submit(browser);
    LabPanel.awaitUrlEndsWith(browser, "/hosts");
    assertTrue(browser.findElement(By.tagName("main")).getText().contains("guest phone"));

    browser.get(base + "/rules/new");
    new Select(browser.findElement(By.id("source"))).selectByVisibleText("guest phone (" + LabHost.GUEST.ip() + ")");
    browser.findElement(By.id("destination")).clear();
    browser.findElement(By.id("destination")).sendKeys("203.0.113.0/24");
    new Select(browser.findElement(By.id("protocol"))).selectByValue("tcp");
    browser.findElement(By.id("ports")).sendKeys("443");
    new Select(browser.findElement(By.id("action"))).selectByValue("reject");
    browser.findElement(By.id("comment")).sendKeys("no https for guests");
    submit(browser);
    LabPanel.awaitUrlEndsWith(browser, "/rules");
    String rules = browser.findElement(By.tagName("main")).getText();
    assertTrue(browser.getCurrentUrl().endsWith("/rules") && rules.contains("no https for guests")
        && rules.contains("first rule that matches decides"), rules);

    browser.get(base + "/");
    browser.findElement(By.linkText("Review and apply")).click();
    LabPanel.awaitUrlEndsWith(browser, "/apply/preview");
    String preview = browser.findElement(By.tagName("main")).getText();
    assertTrue(preview.contains("guest phone") || preview.contains("no https for guests"), preview);
    browser.findElement(By.cssSelector("#apply-form button[type=submit]")).click();
    // The waiting page's script confirms through the new rules and moves on to the ruleset.
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/ruleset"));
    String page = browser.findElement(By.tagName("main")).getText();
    assertTrue(page.contains("Confirmed"), page);
    assertTrue(app.safeApply().waiting().isEmpty(), "nothing waits after the confirmation");
    assertTrue(page.contains("no https for guests"), "the applied ruleset shows the rule's comment");

    Rule added = app.applied().current().orElseThrow().config().rules().get(0);
    assertEquals(Action.REJECT, added.action());
    ProbeResult after = lab.tcp(LabHost.GUEST.role(), LabNetwork.INTERNET_IP_1, 443, OPEN);
    assertEquals(ProbeResult.Outcome.REFUSED, after.outcome(), "the rule is in force: " + after);
    assertTrue(lab.tcp(LabHost.GUEST.role(), LabNetwork.INTERNET_IP_1, 80, OPEN).connected(),
        "only what the rule names is refused");
  }

  @Test
  void aLockingApplyIsFlaggedCannotBeConfirmedAndTheRollbackIsAnnounced() {
    // Anti-lockout off and a rule dropping everything from the admin's own machine (the laptop).
    app.configs().save(app.configs().load().withSettings(s -> s.withAntiLockout(false))
        .withRule(new Rule(1, LabSeed.LAPTOP, null, Protocol.ANY, null, Action.DENY, false,
            new Comment("laptop may do nothing"), true)));
    String base = forwarder.httpsUrl();
    panel.login();

    browser.get(base + "/apply/preview");
    String warning = browser.findElement(By.cssSelector(".lockout-warnings")).getText();
    assertTrue(warning.contains("Rule #1") && warning.contains("lock you out"), warning);
    WebElement timeout = browser.findElement(By.id("timeout"));
    timeout.clear();
    timeout.sendKeys("10");
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(5));
    try {
      browser.findElement(By.cssSelector("#apply-form button[type=submit]")).click();
    } catch (TimeoutException expected) {
      // The waiting page cannot load through the new rules: that is the point.
    }
    // The click may return before the form reached the server.
    long started = System.nanoTime() + Duration.ofSeconds(8).toNanos();
    while (app.safeApply().waiting().isEmpty() && System.nanoTime() < started) {
      sleep(50);
    }
    assertTrue(app.safeApply().waiting().isPresent(), "the apply waits for a confirmation that cannot come");
    assertTrue(app.applied().current().orElseThrow().config().rule(1).isPresent(), "the locking rule is in force");
    long until = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    while (app.safeApply().waiting().isPresent() && System.nanoTime() < until) {
      sleep(200);
    }
    assertTrue(app.safeApply().waiting().isEmpty(), "rolled back when the timer ran out");

    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    browser.get(base + "/");
    String banner = browser.findElement(By.tagName("body")).getText();
    assertTrue(banner.contains("was rolled back because"), banner);
    assertTrue(app.configs().load().rules().isEmpty(), "the draft is the old configuration again");
    assertTrue(lab.tcp(LabHost.LAPTOP.role(), LabNetwork.INTERNET_IP_1, 80, OPEN).connected(),
        "the laptop's rule is not in force");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Submits the page's main form (the navigation's logout form is outside {@code main}). */
  private static void submit(WebDriver d) {
    WebElement button = d.findElement(By.cssSelector("main form.form button[type=submit]"));
    button.click();
  }
}
