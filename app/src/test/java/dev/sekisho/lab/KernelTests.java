package dev.sekisho.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Shared helpers for tests that need root and network namespaces. Such a test skips with a clear message on
 * a machine without them, unless {@code -Dsekisho.requireKernelTests=true} (as in CI), where it fails.
 */
public final class KernelTests {

  private KernelTests() {}

  /** Skips the calling test (with a clear message) unless namespaces are usable. */
  public static void assumeKernel() {
    if (Boolean.getBoolean("sekisho.requireKernelTests") && !NetnsSupport.canUseNetns()) {
      org.junit.jupiter.api.Assertions.fail("kernel tests are required here but " + NetnsSupport.SKIP_MESSAGE);
    }
    Assumptions.assumeTrue(NetnsSupport.canUseNetns(), NetnsSupport.SKIP_MESSAGE);
  }

  /** Fails if any namespace with the given prefix still exists. */
  public static void assertNoNamespacesWithPrefix(String prefix) {
    List<String> left =
        NetnsSupport.listNamespaces().stream().filter(n -> n.startsWith(prefix)).toList();
    assertEquals(List.of(), left, "namespaces left behind");
  }
}
