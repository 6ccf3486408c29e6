package dev.sekisho.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * "Why?" on the live flows page of a lab gateway: a lab host's connection hits a logged deny rule below an
 * allow rule for another port, the blocked packet appears on the open page (drawn by the page's script from the
 * stream), and its "Why?" link opens the explain page, which names that rule as the deciding step of the
 * applied configuration and says why the rule above did not match.
 */
@KernelTest
@BrowserTest
class ExplainLabBrowserTest {
  private static final long ALLOW = 1;
  private static final long DENY = 2;
  private static final String DENY_COMMENT = "no printer to the web";
  private static final Duration SHORT = Duration.ofMillis(1500);

  @RegisterExtension
  final LabExtension fixture = LabPanel.lab(LabSeed.base()
      .withRule(new Rule(ALLOW, LabSeed.PRINTER, Cidr.parse(LabNetwork.INTERNET_IP_1 + "/32"), Protocol.TCP,
          PortRange.of(80), Action.ALLOW, false, new Comment("printer updates"), true))
      .withRule(new Rule(DENY, LabSeed.PRINTER, Cidr.parse(LabNetwork.INTERNET_IP_1 + "/32"), Protocol.TCP,
          PortRange.of(443), Action.DENY, true, new Comment(DENY_COMMENT), true)), true);
  @TempDir
  Path tmp;
  LabPanel panel;
  ChromeDriver browser;

  @BeforeEach
  void start() throws Exception {
    panel = LabPanel.start(fixture, tmp, null);
    browser = panel.browser;
    panel.login();
  }

  @AfterEach
  void stop() {
    if (panel != null) {
      panel.close();
    }
  }

  @Test
  void whyOnABlockedPacketNamesTheRuleThatBlockedIt() {
    browser.get(panel.base + "/flows");
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> d.findElement(By.id("live-mode")).getText().equals("live"));
    assertTrue(browser.findElements(By.cssSelector("#blocked-rows a.explain-this")).isEmpty(), "nothing blocked yet");

    // While the page is open: the stream brings the blocked packet, and the script draws its row with the link.
    ProbeResult blocked = panel.lab.tcp(LabHost.PRINTER.role(), LabNetwork.INTERNET_IP_1, 443, SHORT);
    assertFalse(blocked.connected(), "the deny rule is in force: " + blocked);
    String label = "blocked by rule #" + DENY + " '" + DENY_COMMENT + "'";
    new WebDriverWait(browser, Duration.ofSeconds(5))
        .until(d -> d.findElement(By.id("blocked-rows")).getText().contains(label)
            && !d.findElements(By.cssSelector("#blocked-rows a.explain-this")).isEmpty());

    clickFirst("#blocked-rows a.explain-this");
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/explain?"));
    assertEquals(LabHost.PRINTER.ip(), browser.findElement(By.id("source")).getAttribute("value"));
    assertEquals(LabNetwork.INTERNET_IP_1, browser.findElement(By.id("destination")).getAttribute("value"));
    assertEquals("443", browser.findElement(By.id("port")).getAttribute("value"));
    assertEquals("drop", browser.findElement(By.id("explain-result")).getAttribute("data-verdict"));
    assertEquals("Dropped", browser.findElement(By.id("verdict")).getText());
    assertTrue(browser.findElement(By.id("connection")).getText().startsWith("printer (" + LabHost.PRINTER.ip()
        + ") " + LabHost.PRINTER.mac() + " → " + LabNetwork.INTERNET_IP_1 + " tcp 443"),
        "the MAC the kernel logged: " + browser.findElement(By.id("connection")).getText());
    assertEquals("Rule #" + DENY + " '" + DENY_COMMENT + "' at position 2, action deny.",
        browser.findElement(By.id("decided-by")).getText());
    List<WebElement> rows = browser.findElements(By.cssSelector("#explain-rows tr"));
    assertEquals(2, rows.size());
    assertTrue(rows.get(0).getText().contains("#" + ALLOW) && rows.get(0).getText().contains("other port"),
        rows.get(0).getText());
    assertTrue(browser.findElement(By.tagName("main")).getText()
        .contains("Explained against the applied configuration."));

    // And back to the rule: its row in the rule list.
    browser.findElement(By.id("decided-rule")).click();
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/rules#rule-" + DENY));
    assertTrue(browser.findElement(By.id("rule-" + DENY)).getText().contains(DENY_COMMENT));
  }

  /** Clicks the first match, again if the live update replaced it in between (bounded). */
  private void clickFirst(String css) {
    for (int i = 0; ; i++) {
      try {
        browser.findElement(By.cssSelector(css)).click();
        return;
      } catch (StaleElementReferenceException e) {
        if (i >= 5) {
          throw e;
        }
      }
    }
  }
}
