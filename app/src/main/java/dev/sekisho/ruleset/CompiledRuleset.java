package dev.sekisho.ruleset;

import java.util.List;
import java.util.Optional;

/**
 * The nftables text for one configuration, together with where each line came from, so that an error
 * nft reports for line 42 can be shown to the admin as "rule #12".
 *
 * @param text the whole file, ready for {@code nft -f -}
 * @param lineRuleIds for each line (index = line number - 1) the id of the admin's rule it was generated
 *     from, or {@code null} for lines Sekisho adds on its own
 */
public record CompiledRuleset(String text, List<Long> lineRuleIds) {

  /** Copies the origin list (it may contain nulls, so not with List.copyOf). */
  public CompiledRuleset {
    lineRuleIds = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(lineRuleIds));
  }

  /** The admin's rule behind a 1-based line number, if that line came from one. */
  public Optional<Long> ruleAtLine(int line) {
    if (line < 1 || line > lineRuleIds.size()) {
      return Optional.empty();
    }
    return Optional.ofNullable(lineRuleIds.get(line - 1));
  }
}
