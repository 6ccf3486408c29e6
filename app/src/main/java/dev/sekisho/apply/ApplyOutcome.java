package dev.sekisho.apply;

import dev.sekisho.config.Problem;
import java.time.Instant;
import java.util.List;

/**
 * The result of one apply: either the ruleset is in the kernel ({@code ok}, with the time), or nothing
 * changed and {@code problems} says why, each located where possible (e.g. {@code rules[2].comment}).
 */
public record ApplyOutcome(boolean ok, List<Problem> problems, String ruleset, Instant appliedAt) {

  /** Copies the problem list. */
  public ApplyOutcome {
    problems = List.copyOf(problems);
  }

  /** The outcome for a configuration the compiler refused: nothing reached nft. */
  public static ApplyOutcome refused(List<Problem> problems) {
    return new ApplyOutcome(false, problems, null, null);
  }
}
