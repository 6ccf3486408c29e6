package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.browser.BrowserTest;
import dev.sekisho.browser.Browsers;
import dev.sekisho.crypto.PasswordHasher;
import dev.sekisho.i18n.EnglishLeft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every page in Japanese in a real chromium: the login page's link, then the menu's switch, then a walk over
 * every page (including what the live-flow script draws) looking for a raw key or an English sentence of the
 * bundle in the visible text, placeholders and titles. The 関 mark is an SVG of paths, not text.
 */
@BrowserTest
class JapaneseBrowserTest extends WebTestBase {
  ChromeDriver browser;

  @AfterEach
  void quit() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void everyPageIsJapaneseAfterTheSwitch() throws Exception {
    FakeFlows flows = new FakeFlows(Harness.START);
    h.close();
    h = new Harness(dir, flows);
    h.configs.save(FlowsWebTest.config().withSettings(s -> s.withMasquerade(true)));
    h.admin.setPasswordHash(PasswordHasher.DEFAULT.hash(PASSWORD));
    browser = Browsers.chromium(dir.resolve("profile"), h.tls());
    String base = h.base();
    browser.get(base + "/login");
    assertEquals("en", browser.findElement(By.tagName("html")).getAttribute("lang"), "English unless asked");
    browser.findElement(By.cssSelector("nav.language a[lang=ja]")).click();
    languageWait()
        .until(d -> "ja".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
    assertEquals(0, browser.findElements(By.cssSelector("svg.brand-mark text")).size(), "the mark is paths");
    assertTrue(browser.findElements(By.cssSelector("svg.brand-mark path")).size() > 3);
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    browser.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().equals(base + "/"));

    // Back to English with the menu's switch (a POST with the CSRF token), and to Japanese again.
    browser.findElement(By.cssSelector("form.language button[value=en]")).click();
    languageWait()
        .until(d -> "en".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
    browser.findElement(By.cssSelector("form.language button[value=ja]")).click();
    languageWait()
        .until(d -> "ja".equals(d.findElement(By.tagName("html")).getAttribute("lang")));

    List<String> bad = new ArrayList<>();
    for (String path : JapanesePagesTest.PAGES) {
      browser.get(base + path);
      if (path.equals("/flows")) {
        // The script redraws the tables from the stream with the page's texts.
        new WebDriverWait(browser, Duration.ofSeconds(10))
            .until(d -> d.findElement(By.id("live-mode")).getText().equals("ライブ"));
      }
      // The ruleset text and commands (<pre>, <code>) are data: nft comments stay as Sekisho writes them.
      String visible = browser.executeScript("var b = document.body.cloneNode(true);"
          + " b.querySelectorAll('pre, code').forEach(function (e) { e.remove(); }); return b.textContent;")
          + " " + attributes();
      if (EnglishLeft.hasRawKey(visible)) {
        bad.add(path + ": raw key in " + visible);
      }
      if (!EnglishLeft.hasJapanese(visible)) {
        bad.add(path + ": no Japanese");
      }
      EnglishLeft.in(visible).forEach(e -> bad.add(path + ": English left: " + e));
    }
    assertEquals(List.of(), bad);
  }

  /**
   * Waits for the page's language: the switch navigates (a POST, then a redirect), so the html element found
   * may belong to the page being replaced; such a stale read is tried again, not an error.
   */
  private WebDriverWait languageWait() {
    WebDriverWait w = new WebDriverWait(browser, Duration.ofSeconds(10));
    w.ignoring(StaleElementReferenceException.class);
    return w;
  }

  /** Placeholders, titles and labels a reader meets without them being body text. */
  private String attributes() {
    Object joined = browser.executeScript("return Array.from(document.querySelectorAll("
        + "'[placeholder],[title],[aria-label],[data-confirm]')).map(function (e) { return [e.getAttribute("
        + "'placeholder'), e.getAttribute('title'), e.getAttribute('aria-label'), e.getAttribute('data-confirm')]"
        + ".filter(Boolean).join(' '); }).join(' ');");
    return String.valueOf(joined);
  }
}
