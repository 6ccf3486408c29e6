package dev.sekisho.browser;

import dev.sekisho.crypto.TlsIdentity;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian chromium driven by Debian's chromedriver, both named explicitly so that Selenium Manager
 * never looks for (or downloads) a browser. Skips with a message where they are not installed, unless
 * {@code -Dsekisho.requireKernelTests=true} (CI), where that is a failure.
 */
public final class Browsers {
  static final File CHROMIUM = new File("/usr/bin/chromium");
  static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

  private Browsers() {}

  /** A fresh headless browser with its own profile directory that accepts exactly the panel's certificate. */
  public static ChromeDriver chromium(Path profile, TlsIdentity panel) throws IOException {
    return chromium(profile, null, panel);
  }

  /** Skips the calling test where chromium or chromedriver is missing; fails instead where they are required. */
  public static void assumeBrowser() {
    boolean present = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
    if (Boolean.getBoolean("sekisho.requireKernelTests") && !present) {
      Assertions.fail("browser tests are required but /usr/bin/chromium or /usr/bin/chromedriver is missing");
    }
    Assumptions.assumeTrue(present, "browser test skipped: install chromium and chromium-driver");
  }

  /**
   * The same, saving downloads into {@code downloads} without asking (null: the default). The panel's
   * self-signed certificate is accepted by its public key's hash (chromium's
   * {@code --ignore-certificate-errors-spki-list}, honoured with a {@code --user-data-dir}): that one
   * certificate, never certificate errors in general.
   */
  public static ChromeDriver chromium(Path profile, Path downloads, TlsIdentity panel) throws IOException {
    assumeBrowser();
    Files.createDirectories(profile);
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM);
    o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-quic", "--disable-extensions", "--window-size=1280,900", "--user-data-dir=" + profile,
        "--ignore-certificate-errors-spki-list=" + panel.spkiSha256());
    if (downloads != null) {
      Files.createDirectories(downloads);
      o.setExperimentalOption("prefs", java.util.Map.of("download.default_directory", downloads.toString(),
          "download.prompt_for_download", false, "safebrowsing.enabled", false));
    }
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER)
        .usingAnyFreePort()
        .build();
    ChromeDriver d = new ChromeDriver(service, o);
    d.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    return d;
  }
}
