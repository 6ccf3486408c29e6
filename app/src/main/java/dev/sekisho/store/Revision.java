package dev.sekisho.store;

import dev.sekisho.config.Config;
import java.time.Instant;

/**
 * One confirmed apply, kept so that it can be compared with others and rolled back to.
 *
 * @param id increasing with every revision added; the newest revision has the largest id
 * @param appliedAt when the ruleset was loaded
 * @param admin who applied it
 * @param note the admin's note, or {@code null}
 * @param config the whole configuration that was applied
 * @param ruleset the exact ruleset text the kernel was given
 */
public record Revision(long id, Instant appliedAt, String admin, String note, Config config, String ruleset) {

  /** The same revision without its bodies. */
  public RevisionSummary summary() {
    return new RevisionSummary(id, appliedAt, admin, note);
  }
}
