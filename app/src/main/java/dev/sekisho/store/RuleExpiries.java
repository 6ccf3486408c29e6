package dev.sekisho.store;

import static dev.sekisho.store.db.Tables.RULE_EXPIRIES;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.config.Rule;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Records in the history when a temporary rule in force expires. The kernel stopped matching it on time by
 * itself (its timer set's element timed out); this only notices afterwards, so the history says when the
 * state in force changed: one revision per end, by {@value #ADMIN}, with the configuration and ruleset in
 * force (the rule stays in them, shown as expired, until an admin deletes it). Each end is recorded once,
 * however often it is checked and across restarts.
 */
public final class RuleExpiries {
  /** Who the history names for an expiry. */
  public static final String ADMIN = "sekisho";

  private final Database db;
  private final AppliedStore applied;

  /** Records over this database, reading the state in force from {@code applied}. */
  public RuleExpiries(Database db, AppliedStore applied) {
    this.db = Objects.requireNonNull(db, "db");
    this.applied = Objects.requireNonNull(applied, "applied");
  }

  /**
   * Records every rule in force that has expired by {@code now} and was not recorded yet.
   *
   * @return the new revisions' ids, oldest end first
   */
  public List<Long> recordExpired(Instant now) {
    Optional<AppliedState> inForce = applied.current();
    if (inForce.isEmpty()) {
      return List.of();
    }
    AppliedState s = inForce.get();
    List<Rule> ended = new ArrayList<>(s.config().rules().stream().filter(r -> r.enabled() && r.expiredAt(now))
        .toList());
    ended.sort(java.util.Comparator.comparing(Rule::expiresAt).thenComparingLong(Rule::id));
    List<Long> out = new ArrayList<>();
    for (Rule r : ended) {
      Long id = db.dsl().transactionResult(tx -> {
        boolean known = tx.dsl().fetchExists(RULE_EXPIRIES, RULE_EXPIRIES.RULE_ID.eq(r.id())
            .and(RULE_EXPIRIES.EXPIRES_AT.eq(r.expiresAt().getEpochSecond())));
        if (known) {
          return null;
        }
        long rev = RevisionStore.addIn(tx.dsl(), r.expiresAt(), ADMIN, note(r), s.config(), s.ruleset());
        tx.dsl().insertInto(RULE_EXPIRIES).set(RULE_EXPIRIES.RULE_ID, r.id())
            .set(RULE_EXPIRIES.EXPIRES_AT, r.expiresAt().getEpochSecond()).set(RULE_EXPIRIES.REVISION_ID, rev)
            .execute();
        return rev;
      });
      if (id != null) {
        out.add(id);
      }
    }
    return out;
  }

  /** The revision's note, in English as every stored note: "rule #7 (web) expired at 2026-12-04T22:00:00Z". */
  static String note(Rule r) {
    String name = r.comment().isEmpty() ? "" : " (" + r.comment().text() + ")";
    return "rule #" + r.id() + name + " expired at " + DateTimeFormatter.ISO_INSTANT.format(r.expiresAt());
  }
}
