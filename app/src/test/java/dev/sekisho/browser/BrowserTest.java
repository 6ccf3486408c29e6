package dev.sekisho.browser;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test that drives Debian's chromium through chromedriver: tags it {@code browser} and skips it where
 * they are not installed, or fails it there under {@code -Dsekisho.requireKernelTests=true} (CI), see
 * {@link Browsers#assumeBrowser()}. Such a test class's name ends in {@code BrowserTest}; one that runs the
 * panel in the lab carries {@link dev.sekisho.lab.KernelTest} as well.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("browser")
@ExtendWith(RequiresBrowser.class)
public @interface BrowserTest {
}
