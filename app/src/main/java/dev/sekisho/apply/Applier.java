package dev.sekisho.apply;

import dev.sekisho.config.Problem;
import dev.sekisho.ruleset.CompiledRuleset;
import dev.sekisho.ruleset.RulesetCompiler;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The only code that changes the kernel's firewall. An apply takes a ruleset that was compiled (and so
 * validated) once, upstream, and loads it as it is through {@link NftLoad}: {@code nft -c} checks it, one
 * {@code nft -f} loads it (one kernel transaction: all or nothing), and what was applied is recorded. If a
 * step fails, nothing has changed and the problems say why, with nft's own errors traced back to the admin's
 * rule where the failing line came from one.
 */
public final class Applier {
  private final Nft nft;
  private final AppliedStateStore applied;
  private final Clock clock;
  private final Object lock = new Object();
  private volatile Runnable afterLoad = () -> { };

  /** Builds the applier around the nft door, the record of what is applied and a clock. */
  public Applier(Nft nft, AppliedStateStore applied, Clock clock) {
    this.nft = nft;
    this.applied = applied;
    this.clock = clock;
  }

  /** Checks and loads the compiled ruleset and records it with its configuration; see the type's documentation. */
  public ApplyOutcome apply(CompiledRuleset rs) {
    synchronized (lock) {
      Optional<NftLoad.Refusal> refused = NftLoad.checkAndLoad(nft, rs.text(), clock.instant());
      if (refused.isPresent()) {
        return failed(NftLoad.problems(rs, refused.get()), rs.text());
      }
      Instant now = clock.instant();
      applied.record(new AppliedState(now, rs.config(), rs.text()));
      afterLoad.run();
      return new ApplyOutcome(true, List.of(), rs.text(), now);
    }
  }

  /**
   * Loads ruleset text that was applied before (a rollback puts back exactly what was in force, rather than
   * recompiling it). Checked with {@code nft -c} first like any apply; records nothing.
   */
  public ApplyOutcome loadText(String ruleset) {
    synchronized (lock) {
      Optional<NftLoad.Refusal> refused = NftLoad.checkAndLoad(nft, ruleset, clock.instant());
      if (refused.isPresent()) {
        return failed(List.of(NftLoad.problem(refused.get())), ruleset);
      }
      afterLoad.run();
      return new ApplyOutcome(true, List.of(), ruleset, clock.instant());
    }
  }

  /**
   * How many new connections the kernel has counted for a count-limited rule (its {@code cnt_<id>} set's
   * elements); 0 when the set is not loaded.
   */
  public int connectionsCounted(long ruleId) {
    return NftLoad.counted(nft, dev.sekisho.ruleset.TemporaryRules.countSet(ruleId)).size();
  }

  /**
   * Changes set elements of the live table without reloading it (the decisions inbox's fast path): the script
   * holds only {@code add element} / {@code delete element} commands for Sekisho's table, generated from typed
   * values, and runs as one {@code nft -f -} transaction (all or nothing). Records nothing: the caller records
   * the configuration the elements came from.
   */
  public ApplyOutcome changeElements(String script) {
    for (String line : script.split("\n")) {
      if (!line.startsWith("add element " + RulesetCompiler.TABLE + " ")
          && !line.startsWith("delete element " + RulesetCompiler.TABLE + " ")) {
        throw new IllegalArgumentException("only element changes of Sekisho's table");
      }
    }
    synchronized (lock) {
      Nft.NftResult r = nft.run(NftLoad.LOAD, script);
      if (!r.ok()) {
        return failed(List.of(new Problem("ruleset", r.stderr().strip())), script);
      }
      return new ApplyOutcome(true, List.of(), script, clock.instant());
    }
  }

  /**
   * Runs {@code hook} after every successful load, inside the apply lock: a load replaces the table, and with
   * it the elements learned at run time (the DNS forwarder's), which the hook puts back.
   */
  public void afterLoad(Runnable hook) {
    this.afterLoad = hook == null ? () -> { } : hook;
  }

  /** Ruleset text that removes Sekisho's table: the state before the first apply. */
  public static String withoutTable() {
    return "table " + RulesetCompiler.TABLE + "\ndelete table " + RulesetCompiler.TABLE + "\n";
  }

  private static ApplyOutcome failed(List<Problem> problems, String ruleset) {
    return new ApplyOutcome(false, problems, ruleset, null);
  }
}
