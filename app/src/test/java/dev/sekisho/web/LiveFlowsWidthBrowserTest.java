package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.browser.BrowserTest;
import dev.sekisho.browser.Browsers;
import dev.sekisho.capture.Flow;
import dev.sekisho.capture.FlowKey;
import dev.sekisho.capture.FlowSnapshot;
import dev.sekisho.capture.IpAddress;
import dev.sekisho.capture.IpProtocols;
import dev.sekisho.capture.TcpState;
import dev.sekisho.crypto.PasswordHasher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live flows page with many flows (long IPv6 addresses, large counters, a long host name) fits a
 * 1366 px wide window without a horizontal scrollbar, on the first render and after the script's updates,
 * and renders at most the asked rows of the 20,000 flows.
 */
@BrowserTest
class LiveFlowsWidthBrowserTest extends WebTestBase {
  ChromeDriver browser;

  @AfterEach
  void quit() {
    if (browser != null) {
      browser.quit();
    }
  }

  static FlowSnapshot many(FlowSnapshot base, Instant now, int n) {
    List<Flow> flows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean v6 = i % 2 == 0;
      IpAddress lan = v6 ? IpAddress.parse("fd12:3456:789a:1:2345:6789:abcd:" + Integer.toHexString(i & 0xffff))
          : IpAddress.parse("192.168.1." + (i % 250 + 1));
      IpAddress remote = v6 ? IpAddress.parse("2001:db8:ffff:eeee:dddd:cccc:bbbb:" + Integer.toHexString(i & 0xffff))
          : IpAddress.parse("203.0.113." + (i % 250 + 1));
      long big = 9_876_543_210_123L + i;
      flows.add(new Flow(new FlowKey(IpProtocols.TCP, lan, 50_000 + i % 15_000, remote, 65_000), 0x02_00_00_00_00_50L,
          big, big * 1500, big, big * 1400, now.minusSeconds(7200), now.minusSeconds(i % 5000), TcpState.SYN_RECEIVED,
          big));
    }
    return new FlowSnapshot(now, flows, base.hosts(), base.table(), base.parse(), base.kernel(), 200_000, 0);
  }

  @Test
  void manyFlowsFitA1366PixelWindow() throws Exception {
    FakeFlows flows = new FakeFlows(Harness.START);
    flows.snapshot = many(flows.snapshot, Harness.START, 20_000);
    flows.forcedName = "reception-printer-second-floor";
    h.close();
    h = new Harness(dir, flows);
    h.configs.save(FlowsWebTest.config());
    h.admin.setPasswordHash(PasswordHasher.DEFAULT.hash(PASSWORD));
    browser = Browsers.chromium(dir.resolve("profile"), h.tls());
    browser.manage().window().setSize(new Dimension(1366, 768));
    String base = h.base();
    browser.get(base + "/login");
    browser.findElement(By.id("password")).sendKeys(PASSWORD);
    browser.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().equals(base + "/"));

    assertEquals(1366L, browser.executeScript("return window.outerWidth;"));
    browser.get(base + "/flows");
    assertFits("first render");
    assertEquals(FlowFilter.DEFAULT_LIMIT, browser.findElements(By.cssSelector("#flow-rows tr")).size());
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> d.findElement(By.id("live-mode")).getText().equals("live"));
    assertFits("after an update");
    assertEquals(FlowFilter.DEFAULT_LIMIT, browser.findElements(By.cssSelector("#flow-rows tr")).size());
  }

  private void assertFits(String when) {
    long scroll = (Long) browser.executeScript("return document.documentElement.scrollWidth;");
    long client = (Long) browser.executeScript("return document.documentElement.clientWidth;");
    assertTrue(client > 1000, "the window is about 1366 px wide: " + client);
    assertTrue(scroll <= client, when + ": the page is " + scroll + " px wide in a " + client + " px window");
  }
}
