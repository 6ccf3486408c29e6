package dev.sekisho.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.cli.Appliance;
import dev.sekisho.lab.KernelTest;
import dev.sekisho.lab.LabExtension;
import dev.sekisho.lab.LabHost;
import dev.sekisho.lab.LabNetwork;
import dev.sekisho.lab.LabSeed;
import dev.sekisho.lab.ProbeResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The decisions inbox in chromium on a lab gateway with its capture: the tablet is put in ask mode on the
 * hosts page and applied with confirmation; its blocked connection appears on the open inbox page by the live
 * update (no reload); one click on "Allow for 1 h" lets the next connection through.
 */
@KernelTest
@BrowserTest
class DecisionsLabBrowserTest {
  private static final Duration SHORT = Duration.ofMillis(1500);
  private static final int PORT = 40000;

  @RegisterExtension
  final LabExtension fixture = LabPanel.lab(LabSeed.base(), true);
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

  @Test
  void askModeOnTheHostsPageThenAllowOnceOnTheLivePage() {
    assertTrue(lab.tcp(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_1, PORT, SHORT).connected(), "open before");
    browser.get(base + "/hosts/" + LabSeed.TABLET + "/edit");
    browser.findElement(By.cssSelector("input[name=ask]")).click();
    browser.findElement(By.cssSelector("main form.form button[type=submit]")).click();
    LabPanel.awaitUrlEndsWith(browser, "/hosts");
    assertTrue(app.configs().load().host(LabSeed.TABLET).orElseThrow().ask());
    browser.get(base + "/");
    browser.findElement(By.linkText("Review and apply")).click();
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/apply/preview"));
    browser.findElement(By.cssSelector("#apply-form button[type=submit]")).click();
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/ruleset"));
    assertTrue(app.safeApply().waiting().isEmpty(), "confirmed by the page");

    browser.get(base + "/decisions");
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> d.findElement(By.id("inbox-mode")).getText().equals("live"));
    ProbeResult blocked = lab.tcp(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_1, PORT, SHORT);
    Instant blockedAt = Instant.now();
    assertEquals(ProbeResult.Outcome.REFUSED, blocked.outcome(), "ask mode refuses: " + blocked);
    new WebDriverWait(browser, Duration.ofSeconds(5)).until(d -> d.findElement(By.id("inbox-rows")).getText()
        .contains(LabNetwork.INTERNET_IP_1));
    System.out.println("[measure] decisions inbox page: blocked connection -> row on the open page "
        + Duration.between(blockedAt, Instant.now()).toMillis() + " ms");
    String row = browser.findElement(By.id("inbox-rows")).getText();
    assertTrue(row.contains("kids tablet") && row.contains(String.valueOf(PORT)), row);
    assertEquals("1", browser.findElement(By.id("nav-decisions-count")).getText(), "the nav count follows");

    Instant clicked = Instant.now();
    for (int i = 0; ; i++) {
      try {
        browser.findElement(By.cssSelector("#inbox-rows button[data-choice=once]")).click();
        break;
      } catch (StaleElementReferenceException e) {
        if (i >= 5) {
          throw e;
        }
      }
    }
    LabPanel.awaitUrlEndsWith(browser, "/decisions");
    boolean through = false;
    Instant until = Instant.now().plusSeconds(2);
    while (!through && Instant.now().isBefore(until)) {
      through = lab.tcp(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_1, PORT, Duration.ofMillis(400)).connected();
    }
    assertTrue(through, "the next connection passes after one click");
    System.out.println("[measure] decisions inbox page: click 'Allow for 1 h' -> connection through "
        + Duration.between(clicked, Instant.now()).toMillis() + " ms (page round trip included)");
    assertTrue(app.safeApply().waiting().isEmpty(), "no confirmation cycle for the decision");
    assertFalse(browser.findElement(By.id("inbox-rows")).getText().contains(LabNetwork.INTERNET_IP_1),
        "answered: gone from the inbox");
    assertEquals("0", browser.findElement(By.id("nav-decisions-count")).getText());
  }
}
