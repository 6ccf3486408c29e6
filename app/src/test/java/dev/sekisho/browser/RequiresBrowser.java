package dev.sekisho.browser;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The check behind {@link BrowserTest}, before the class's own set-up and before each test. */
final class RequiresBrowser implements BeforeAllCallback, BeforeEachCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    Browsers.assumeBrowser();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Browsers.assumeBrowser();
  }
}
