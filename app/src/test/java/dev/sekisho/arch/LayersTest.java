package dev.sekisho.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Imports only point down. The packages of {@code dev.sekisho} form a stack, lowest first; a package may use
 * the ones below it and never one above it. The order is the data path: the Config model, then the compiler
 * that turns it into nftables text, the applier that loads that text, the stores that keep it, and the doors
 * (backup files, the web panel, the command line) on top. Adding a package means adding it here.
 */
class LayersTest {
  /** Lowest first. Packages on the same line do not use each other either. */
  static final List<List<String>> LAYERS = List.of(
      List.of("i18n"),
      List.of("config", "crypto", "audit"),
      List.of("ruleset", "diff", "capture"),
      List.of("apply"),
      List.of("dns"),
      List.of("lab", "store"),
      List.of("backup"),
      List.of("web"),
      List.of("cli"));

  private static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.sekisho");
  }

  @Test
  void everyPackageIsInALayer() {
    List<String> known = LAYERS.stream().flatMap(List::stream).toList();
    List<String> unplaced = classes.stream()
        .map(c -> c.getPackageName())
        .filter(p -> !p.equals("dev.sekisho"))
        .map(p -> p.substring("dev.sekisho.".length()).split("\\.")[0])
        .distinct()
        .filter(p -> !known.contains(p))
        .sorted()
        .toList();
    assertEquals(List.of(), unplaced, "packages missing from LayersTest.LAYERS");
    assertEquals(List.of(), classes.stream().filter(c -> c.getPackageName().equals("dev.sekisho"))
        .map(c -> c.getName()).toList(), "classes directly in dev.sekisho belong in a package of the stack");
  }

  @Test
  void noPackageUsesOneAboveItOrBesideIt() {
    for (int i = 0; i < LAYERS.size(); i++) {
      for (String pkg : LAYERS.get(i)) {
        int level = i;
        String[] forbidden = LAYERS.stream()
            .filter(l -> LAYERS.indexOf(l) >= level)
            .flatMap(List::stream)
            .filter(p -> !p.equals(pkg))
            .map(p -> "dev.sekisho." + p + "..")
            .toArray(String[]::new);
        noClasses().that().resideInAPackage("dev.sekisho." + pkg + "..")
            .should().dependOnClassesThat().resideInAnyPackage(forbidden)
            .because(pkg + " may only use " + Arrays.toString(below(level)))
            .check(classes);
      }
    }
  }

  @Test
  void noCycles() {
    slices().matching("dev.sekisho.(*)..").should().beFreeOfCycles().check(classes);
  }

  private static String[] below(int level) {
    return LAYERS.subList(0, level).stream().flatMap(List::stream).toArray(String[]::new);
  }
}
