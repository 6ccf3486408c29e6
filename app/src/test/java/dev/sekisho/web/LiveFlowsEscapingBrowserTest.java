package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.browser.BrowserTest;
import dev.sekisho.browser.Browsers;
import dev.sekisho.crypto.PasswordHasher;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A host name with markup, shown on the live flows page by the first render and again by the script's
 * updates, stays text in a real browser. The inventory refuses such names (and rule comments refuse
 * {@code <}), so the name comes from a fake flow source: this checks the page, not the validators.
 */
@BrowserTest
class LiveFlowsEscapingBrowserTest extends WebTestBase {
  private static final String HOSTILE = "<script>window.pwned=1</script>";
  private static final String HOSTILE_IMG = "<img src=x onerror=\"window.pwned=2\">";

  ChromeDriver browser;

  @AfterEach
  void quit() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void aHostNameWithAScriptIsShownAsTextAndNeverRuns() throws Exception {
    FakeFlows flows = new FakeFlows(Harness.START);
    flows.forcedName = HOSTILE;
    h.close();
    h = new Harness(dir, flows);
    h.configs.save(FlowsWebTest.config());
    h.admin.setPasswordHash(PasswordHasher.DEFAULT.hash(PASSWORD));
    browser = Browsers.chromium(dir.resolve("profile"), h.tls());
    String base = h.base();
    browser.get(base + "/login");
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    browser.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().equals(base + "/"));

    browser.get(base + "/flows");
    // The first render came from the server; wait until the script has drawn at least one pushed update.
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> d.findElement(By.id("live-mode")).getText().equals("live"));
    assertNoScriptRan();
    String cell = browser.findElement(By.cssSelector("#flow-rows tr td")).getText();
    assertTrue(cell.startsWith(HOSTILE), "the name is visible literally: " + cell);
    assertTrue(browser.findElement(By.id("talker-rows")).getText().contains(HOSTILE));
    assertTrue(browser.findElement(By.id("blocked-rows")).getText().contains(HOSTILE));

    // A different hostile name arrives only through the stream, so the script's rendering is what shows it.
    flows.forcedName = HOSTILE_IMG;
    new WebDriverWait(browser, Duration.ofSeconds(5))
        .until(d -> d.findElement(By.id("flow-rows")).getText().contains(HOSTILE_IMG));
    Thread.sleep(300); // an onerror would fire as soon as the image failed to load
    assertNoScriptRan();
    assertEquals(0, browser.findElements(By.cssSelector("#live img, #live script")).size(), "no elements injected");
  }

  private void assertNoScriptRan() {
    assertEquals(Boolean.TRUE, browser.executeScript("return typeof window.pwned === 'undefined';"),
        "window.pwned was set: markup from the capture ran");
  }
}
