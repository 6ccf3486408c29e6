package dev.sekisho.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.sekisho.browser.BrowserTest;
import dev.sekisho.lab.KernelTest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps the test tiers honest: a test that builds namespaces carries {@link KernelTest} and one that drives a
 * browser {@link BrowserTest}, so that {@code -DexcludedGroups=kernel,browser} never runs either of them; the
 * tags come only through those annotations (which also skip, or in CI fail, where root or chromium is
 * missing), and a class's name says its tier. Checked on the compiled test classes, nested ones counted with
 * the class that holds them.
 */
class TestTiersTest {
  /**
   * Types whose use means root and network namespaces ({@code ProcessNft.inNamespace} alone does not: a unit
   * test may build the command without running it).
   */
  private static final Set<String> NEEDS_ROOT = Set.of("dev.sekisho.lab.Netns", "dev.sekisho.lab.LabNetwork",
      "dev.sekisho.lab.LabExtension", "dev.sekisho.lab.LoopbackForwarder", "dev.sekisho.lab.PanelStandIn",
      "dev.sekisho.browser.LabPanel");
  /** Types whose use means a browser. */
  private static final Set<String> NEEDS_BROWSER = Set.of("dev.sekisho.browser.Browsers",
      "dev.sekisho.browser.LabPanel", "org.openqa.selenium.chrome.ChromeDriver");

  /** Top-level test class → it and its nested classes. */
  private static Map<JavaClass, List<JavaClass>> testClasses;

  @BeforeAll
  static void load() {
    // Only the test classes' own bytecode is needed (names are enough for their dependencies); resolving
    // every referenced library class from the classpath would take most of the test's time.
    ArchConfiguration config = ArchConfiguration.get();
    boolean resolve = config.resolveMissingDependenciesFromClassPath();
    JavaClasses all;
    try {
      config.setResolveMissingDependenciesFromClassPath(false);
      all = new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
          .importPackages("dev.sekisho");
    } finally {
      config.setResolveMissingDependenciesFromClassPath(resolve);
    }
    Map<String, List<JavaClass>> byTop = all.stream()
        .collect(Collectors.groupingBy(c -> c.getName().split("\\$")[0]));
    testClasses = byTop.entrySet().stream()
        .filter(e -> all.contain(e.getKey()) && isTestClass(all.get(e.getKey())))
        .collect(Collectors.toMap(e -> all.get(e.getKey()), Map.Entry::getValue));
    // Guards the guard: an import that finds no tests would let everything pass.
    assertTrue(testClasses.keySet().stream().anyMatch(c -> c.isEquivalentTo(TestTiersTest.class)),
        "the test classes were not found");
  }

  private static boolean isTestClass(JavaClass c) {
    return c.getMethods().stream().anyMatch(m -> m.isAnnotatedWith(Test.class) || m.isAnnotatedWith(TestFactory.class));
  }

  private static boolean uses(List<JavaClass> classes, Set<String> types) {
    return classes.stream().flatMap(c -> c.getDirectDependenciesFromSelf().stream())
        .anyMatch(d -> types.contains(d.getTargetClass().getName()));
  }

  private static List<String> names(Predicate<Map.Entry<JavaClass, List<JavaClass>>> wrong) {
    return testClasses.entrySet().stream().filter(wrong).map(e -> e.getKey().getSimpleName()).sorted().toList();
  }

  @Test
  void everyTestThatNeedsRootIsAKernelTest() {
    assertEquals(List.of(), names(e -> uses(e.getValue(), NEEDS_ROOT)
        && !e.getKey().isAnnotatedWith(KernelTest.class)), "use namespaces but lack @KernelTest");
  }

  @Test
  void everyTestThatDrivesABrowserIsABrowserTest() {
    assertEquals(List.of(), names(e -> uses(e.getValue(), NEEDS_BROWSER)
        && !e.getKey().isAnnotatedWith(BrowserTest.class)), "drive a browser but lack @BrowserTest");
  }

  @Test
  void theTierTagsComeOnlyWithTheirCondition() {
    assertEquals(List.of(), names(e -> e.getKey().tryGetAnnotationOfType(Tag.class)
        .map(t -> t.value().equals("kernel") || t.value().equals("browser")).orElse(false)),
        "tagged directly: use @KernelTest or @BrowserTest, which also skip or fail where the tier cannot run");
  }

  @Test
  void namesSayTheTier() {
    assertEquals(List.of(), names(e -> {
      JavaClass c = e.getKey();
      boolean browser = c.isAnnotatedWith(BrowserTest.class);
      boolean kernel = c.isAnnotatedWith(KernelTest.class);
      String n = c.getSimpleName();
      return browser != n.endsWith("BrowserTest") || (kernel && !browser) != n.endsWith("KernelTest");
    }), "browser tests end in BrowserTest, other kernel tests in KernelTest, and no other test does");
  }
}
