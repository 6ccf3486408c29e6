package dev.sekisho.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.cli.Appliance;
import dev.sekisho.config.Config;
import dev.sekisho.lab.KernelTest;
import dev.sekisho.lab.LabExtension;
import dev.sekisho.lab.LabHost;
import dev.sekisho.lab.LabNetwork;
import dev.sekisho.lab.LabSeed;
import dev.sekisho.lab.ProbeResult;
import dev.sekisho.ruleset.RulesetCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Backup and restore as an admin does it, in the browser: download a backup, change a rule, upload the backup,
 * let the waiting page confirm, and see the old rule back — in the panel and in the kernel (a real packet).
 */
@KernelTest
@BrowserTest
class BackupBrowserTest {
  private static final Duration PROBE = Duration.ofSeconds(2);
  private static final String RULE = "the printer may not reach the internet";

  @RegisterExtension
  final LabExtension fixture = LabPanel.lab(LabSeed.demo(), false);
  @TempDir
  Path tmp;
  LabPanel panel;
  LabNetwork lab;
  Appliance app;
  ChromeDriver browser;

  @BeforeEach
  void start() throws Exception {
    panel = LabPanel.start(fixture, tmp, tmp.resolve("downloads"));
    lab = panel.lab;
    app = panel.app;
    browser = panel.browser;
  }

  @AfterEach
  void stop() {
    if (panel != null) {
      panel.close();
    }
  }

  @Test
  void downloadChangeUploadConfirmAndTheOldRuleIsBackInForce() throws Exception {
    assertEquals(ProbeResult.Outcome.TIMEOUT,
        lab.tcp(LabHost.PRINTER.role(), LabNetwork.INTERNET_IP_1, 80, PROBE).outcome(), "the demo rule is in force");
    String base = panel.base;
    panel.login();

    browser.get(base + "/backup");
    browser.findElement(By.id("export-plain")).click();
    Path backup = awaitDownload(tmp.resolve("downloads"));
    assertTrue(Files.readString(backup).contains("\"format\""), "a backup file was downloaded");

    // The change: the printer's rule is removed and that is applied.
    Config original = app.configs().load();
    Config without = original.withoutRule(1);
    assertTrue(app.safeApply().applyUnconfirmed(RulesetCompiler.tryCompile(without), "admin",
        "remove the printer rule").ok());
    assertTrue(lab.tcp(LabHost.PRINTER.role(), LabNetwork.INTERNET_IP_1, 80, PROBE).connected(),
        "without the rule the printer reaches the internet");

    browser.get(base + "/backup");
    browser.findElement(By.id("file")).sendKeys(backup.toString());
    browser.findElement(By.cssSelector("#restore-form button[type=submit]")).click();
    LabPanel.awaitUrlEndsWith(browser, "/backup/restore/preview");
    String preview = browser.findElement(By.tagName("main")).getText();
    assertTrue(preview.contains(RULE), "the preview names the rule that comes back: " + preview);
    browser.findElement(By.id("restore-current")).sendKeys(LabPanel.PASSWORD); // asked again before a restore
    browser.findElement(By.cssSelector("#restore-apply-form button[type=submit]")).click();
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/ruleset"));
    String page = browser.findElement(By.tagName("main")).getText();
    assertTrue(page.contains("Confirmed") && page.contains(RULE), page);

    assertTrue(app.safeApply().waiting().isEmpty());
    assertEquals(original, app.applied().current().orElseThrow().config(), "the whole configuration is back");
    assertEquals(original, app.configs().load());
    assertEquals(ProbeResult.Outcome.TIMEOUT,
        lab.tcp(LabHost.PRINTER.role(), LabNetwork.INTERNET_IP_1, 80, PROBE).outcome(),
        "the restored firewall enforces the rule again");
    assertTrue(lab.tcp(LabHost.LAPTOP.role(), LabNetwork.INTERNET_IP_1, 80, PROBE).connected(),
        "and only that rule");
  }

  /** Waits (bounded) for one finished download. */
  private static Path awaitDownload(Path dir) throws IOException, InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < until) {
      try (Stream<Path> files = Files.list(dir)) {
        List<Path> done = files.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
        if (done.size() == 1) {
          return done.get(0);
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no download arrived in " + dir);
  }
}
