package dev.sekisho.lab;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The check behind {@link KernelTest}. It runs before anything else of the class (its {@code @BeforeAll}
 * methods and a {@link LabExtension} included), so that nothing tries to build a namespace where none can
 * be built; before each test as well, for {@code @KernelTest} on a single method.
 */
final class RequiresKernel implements BeforeAllCallback, BeforeEachCallback {

  @Override
  public void beforeAll(ExtensionContext context) {
    KernelTests.assumeKernel();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    KernelTests.assumeKernel();
  }
}
