package dev.sekisho.ruleset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Problem;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Compiles every golden case and compares the text byte for byte. Run with {@code -Dgolden.update=true}
 * to rewrite the expected files after an intended change, then review the diff like code.
 */
class GoldenTest {
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  /** The fixed compile instant: timed decisions (decisions inbox) are printed with the time left at it. */
  static final java.time.Instant NOW = java.time.Instant.parse("2026-12-01T12:00:00Z");

  @TestFactory
  Stream<DynamicTest> goldenCases() {
    return GoldenCases.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
  }

  private static void check(GoldenCases.Case c) {
    List<Problem> problems = c.problems();
    if (!problems.isEmpty()) {
      String actual = problems.stream().map(Problem::toString).collect(Collectors.joining("\n")) + "\n";
      if (UPDATE) {
        GoldenCases.write(c.expectedProblems(), actual);
      }
      assertFalse(Files.exists(c.expectedNft()), c.name() + ": expected to compile, but was refused:\n" + actual);
      assertTrue(Files.exists(c.expectedProblems()), c.name() + ": refused, but no expected-problems.txt:\n" + actual);
      assertEquals(GoldenCases.read(c.expectedProblems()), actual, c.name());
      return;
    }
    String actual = RulesetCompiler.compile(c.config(), c.time()).text();
    if (UPDATE) {
      GoldenCases.write(c.expectedNft(), actual);
    }
    assertFalse(Files.exists(c.expectedProblems()), c.name() + ": expected to be refused, but compiled");
    assertTrue(Files.exists(c.expectedNft()), c.name() + ": compiled, but no expected.nft:\n" + actual);
    assertEquals(GoldenCases.read(c.expectedNft()), actual, c.name());
  }
}
