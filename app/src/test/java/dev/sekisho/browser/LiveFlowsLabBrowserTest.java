package dev.sekisho.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.cli.Appliance;
import dev.sekisho.config.Action;
import dev.sekisho.config.Cidr;
import dev.sekisho.config.Comment;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.lab.KernelTest;
import dev.sekisho.lab.LabExtension;
import dev.sekisho.lab.LabHost;
import dev.sekisho.lab.LabNetwork;
import dev.sekisho.lab.LabSeed;
import dev.sekisho.lab.ProbeResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live flows page on a lab gateway with a real capture on {@code lan0}: traffic from a LAN host shows up
 * while the page is open, and "Allow this" on what a logged deny rule blocked leads, through the rule form and
 * the confirmed apply, to the next identical connection getting through.
 */
@KernelTest
@BrowserTest
class LiveFlowsLabBrowserTest {
  private static final long DENY = 1;
  private static final String DENY_COMMENT = "no printer to the web";
  private static final Duration SHORT = Duration.ofMillis(1500);

  @RegisterExtension
  final LabExtension fixture = LabPanel.lab(LabSeed.base().withRule(new Rule(DENY, LabSeed.PRINTER,
      Cidr.parse(LabNetwork.INTERNET_IP_1 + "/32"), Protocol.TCP, PortRange.of(443), Action.DENY, true,
      new Comment(DENY_COMMENT), true)), true);
  @TempDir
  Path tmp;
  LabPanel panel;
  LabNetwork lab;
  Appliance app;
  ChromeDriver browser;
  String base;

  @BeforeEach
  void start() throws Exception {
    panel = LabPanel.start(fixture, tmp, null);
    lab = panel.lab;
    app = panel.app;
    browser = panel.browser;
    base = panel.base;
    panel.login();
  }

  @AfterEach
  void stop() {
    if (panel != null) {
      panel.close();
    }
  }

  private void openLivePage(String query) {
    browser.get(base + "/flows" + query);
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> d.findElement(By.id("live-mode")).getText().equals("live"));
  }

  @Test
  void aNewFlowAppearsOnTheOpenPageWithinThreeSeconds() {
    openLivePage("?port=80&sort=recent");
    assertFalse(browser.findElement(By.id("flow-rows")).getText().contains(LabNetwork.INTERNET_IP_1 + ":80"),
        "no such flow before the connection");
    ProbeResult probe = lab.tcp(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_1, 80, SHORT);
    long sent = System.nanoTime();
    assertTrue(probe.connected(), probe.toString());
    new WebDriverWait(browser, Duration.ofSeconds(3), Duration.ofMillis(50)).until(d -> {
      String rows = d.findElement(By.id("flow-rows")).getText();
      return rows.contains("kids tablet") && rows.contains(LabNetwork.INTERNET_IP_1 + ":80");
    });
    System.out.printf("[measure] flow on the live page %d ms after the connection%n",
        (System.nanoTime() - sent) / 1_000_000);
  }

  @Test
  void allowThisOnABlockedFlowLetsTheNextIdenticalConnectionThrough() {
    ProbeResult blocked = lab.tcp(LabHost.PRINTER.role(), LabNetwork.INTERNET_IP_1, 443, SHORT);
    assertFalse(blocked.connected(), "the deny rule is in force: " + blocked);

    openLivePage("");
    String label = "blocked by rule #" + DENY + " '" + DENY_COMMENT + "'";
    new WebDriverWait(browser, Duration.ofSeconds(5))
        .until(d -> d.findElement(By.id("blocked-rows")).getText().contains(label));
    String row = browser.findElement(By.id("blocked-rows")).getText();
    assertTrue(row.contains("printer") && row.contains(LabNetwork.INTERNET_IP_1) && row.contains("443"), row);

    clickFirst("#blocked-rows a.allow-this");
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/rules/new"));
    assertEquals("printer (" + LabHost.PRINTER.ip() + ")",
        new Select(browser.findElement(By.id("source"))).getFirstSelectedOption().getText());
    assertEquals(LabNetwork.INTERNET_IP_1 + "/32", browser.findElement(By.id("destination")).getAttribute("value"));
    assertEquals("tcp", new Select(browser.findElement(By.id("protocol"))).getFirstSelectedOption().getText());
    assertEquals("443", browser.findElement(By.id("ports")).getAttribute("value"));
    assertEquals("allow", new Select(browser.findElement(By.id("action"))).getFirstSelectedOption().getText());
    assertTrue(new Select(browser.findElement(By.id("before"))).getFirstSelectedOption().getText()
        .startsWith("Above rule #" + DENY), "placed above the rule that blocked it");
    browser.findElement(By.cssSelector("main form.form button[type=submit]")).click();
    LabPanel.awaitUrlEndsWith(browser, "/rules"); // not just "contains": the form's own address does
    List<Long> order = app.configs().load().rules().stream().map(Rule::id).toList();
    assertEquals(List.of(2L, DENY), order, "the new allow rule comes before the deny");

    browser.get(base + "/");
    browser.findElement(By.linkText("Review and apply")).click();
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/apply/preview"));
    browser.findElement(By.cssSelector("#apply-form button[type=submit]")).click();
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/ruleset"));
    assertTrue(browser.findElement(By.tagName("main")).getText().contains("Confirmed"));
    assertTrue(app.safeApply().waiting().isEmpty(), "confirmed by the page");

    ProbeResult after = lab.tcp(LabHost.PRINTER.role(), LabNetwork.INTERNET_IP_1, 443, SHORT);
    assertTrue(after.connected(), "the next identical connection gets through: " + after);
  }

  /** Clicks the first match, again if the live update replaced it in between (bounded). */
  private void clickFirst(String css) {
    for (int i = 0; ; i++) {
      try {
        WebElement e = browser.findElement(By.cssSelector(css));
        e.click();
        return;
      } catch (StaleElementReferenceException e) {
        if (i >= 5) {
          throw e;
        }
      }
    }
  }
}
