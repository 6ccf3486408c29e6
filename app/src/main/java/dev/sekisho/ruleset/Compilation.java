package dev.sekisho.ruleset;

import dev.sekisho.config.Problem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What compiling a configuration gave: either the located problems that refuse it, or the compiled ruleset.
 * Made by {@link RulesetCompiler#tryCompile}, which validates once; whoever holds a Compilation passes it on
 * (preview, apply, kernel) instead of validating or compiling the configuration again.
 */
public final class Compilation {
  private final List<Problem> problems;
  private final CompiledRuleset ruleset;

  private Compilation(List<Problem> problems, CompiledRuleset ruleset) {
    this.problems = List.copyOf(problems);
    this.ruleset = ruleset;
  }

  /** A refusal with the given problems (at least one); used by the compiler and by callers that could not compile. */
  public static Compilation refused(List<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a refusal needs at least one problem");
    }
    return new Compilation(problems, null);
  }

  static Compilation compiled(CompiledRuleset ruleset) {
    return new Compilation(List.of(), ruleset);
  }

  /** True when the configuration was valid and {@link #ruleset()} holds its ruleset. */
  public boolean ok() {
    return ruleset != null;
  }

  /** Why the configuration was refused, each located (e.g. {@code rules[2].source}); empty when ok. */
  public List<Problem> problems() {
    return problems;
  }

  /**
   * The compiled ruleset.
   *
   * @throws IllegalArgumentException when the configuration was refused, with its problems in the message
   */
  public CompiledRuleset ruleset() {
    if (ruleset == null) {
      throw new IllegalArgumentException("configuration is not valid: "
          + problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
    }
    return ruleset;
  }
}
