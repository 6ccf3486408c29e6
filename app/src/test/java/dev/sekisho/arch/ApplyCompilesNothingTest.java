package dev.sekisho.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.sekisho.config.Config;
import dev.sekisho.config.ConfigValidator;
import dev.sekisho.ruleset.RulesetCompiler;
import org.junit.jupiter.api.Test;

/**
 * Validate once, compile once. The caller of an apply compiles the configuration with
 * {@link RulesetCompiler#tryCompile} (which validates it) and hands the result on; the {@code apply} package
 * (SafeApply, Applier, BootRestore) loads what it is given and never validates or compiles a configuration
 * itself. This fails as soon as a second validation or compilation creeps back in there. {@code SafeApplyTest}
 * checks at run time that nft gets the very text that was handed over.
 */
class ApplyCompilesNothingTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.sekisho.apply");

  @Test
  void theApplyPackageNeitherValidatesNorCompilesAConfig() {
    noClasses().that().resideInAPackage("dev.sekisho.apply..")
        .should().callMethod(RulesetCompiler.class, "tryCompile", Config.class)
        .orShould().callMethod(RulesetCompiler.class, "compile", Config.class)
        .orShould().callMethod(ConfigValidator.class, "validate", Config.class)
        .because("an apply carries the compiled value it was given from the caller to the kernel")
        .check(CLASSES);
  }
}
