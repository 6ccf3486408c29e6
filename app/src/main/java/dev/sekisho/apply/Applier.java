package dev.sekisho.apply;

import dev.sekisho.config.Config;
import dev.sekisho.config.ConfigValidator;
import dev.sekisho.config.Problem;
import dev.sekisho.ruleset.CompiledRuleset;
import dev.sekisho.ruleset.RulesetCompiler;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The only code that changes the kernel's firewall. An apply validates the configuration, compiles it,
 * has {@code nft -c} check it, loads it with one {@code nft -f} (one kernel transaction: all or nothing)
 * and records what was applied. If any step fails, nothing has changed and the problems say why, with
 * nft's own errors traced back to the admin's rule where the failing line came from one.
 */
public final class Applier {
  private static final Pattern NFT_ERROR = Pattern.compile("^/dev/stdin:(\\d+):[^ ]* (Error: .*)$", Pattern.MULTILINE);

  private final Nft nft;
  private final AppliedStateStore applied;
  private final Clock clock;
  private final Object lock = new Object();

  /** Builds the applier around the nft door, the record of what is applied and a clock. */
  public Applier(Nft nft, AppliedStateStore applied, Clock clock) {
    this.nft = nft;
    this.applied = applied;
    this.clock = clock;
  }

  /** Validates, compiles, checks and loads the configuration; see the type's documentation. */
  public ApplyOutcome apply(Config config) {
    synchronized (lock) {
      List<Problem> problems = ConfigValidator.validate(config);
      if (!problems.isEmpty()) {
        return failed(problems, null);
      }
      CompiledRuleset rs = RulesetCompiler.compile(config);
      Nft.NftResult check = nft.run(List.of("-c", "-f", "-"), rs.text());
      if (!check.ok()) {
        return failed(nftProblems(config, rs, check), rs.text());
      }
      Nft.NftResult load = nft.run(List.of("-f", "-"), rs.text());
      if (!load.ok()) {
        return failed(nftProblems(config, rs, load), rs.text());
      }
      Instant now = clock.instant();
      applied.record(new AppliedState(now, config, rs.text()));
      return new ApplyOutcome(true, List.of(), rs.text(), now);
    }
  }

  /**
   * Loads ruleset text that was applied before (a rollback puts back exactly what was in force, rather than
   * recompiling it). Checked with {@code nft -c} first like any apply; records nothing.
   */
  public ApplyOutcome loadText(String ruleset) {
    synchronized (lock) {
      Nft.NftResult check = nft.run(List.of("-c", "-f", "-"), ruleset);
      Nft.NftResult load = check.ok() ? nft.run(List.of("-f", "-"), ruleset) : check;
      if (!load.ok()) {
        String text = load.stderr().isBlank() ? "nft exited with status " + load.exitCode() : load.stderr().strip();
        return failed(List.of(new Problem("ruleset", text)), ruleset);
      }
      return new ApplyOutcome(true, List.of(), ruleset, clock.instant());
    }
  }

  /** Ruleset text that removes Sekisho's table: the state before the first apply. */
  public static String withoutTable() {
    return "table " + RulesetCompiler.TABLE + "\ndelete table " + RulesetCompiler.TABLE + "\n";
  }

  private static ApplyOutcome failed(List<Problem> problems, String ruleset) {
    return new ApplyOutcome(false, problems, ruleset, null);
  }

  /** Turns nft's stderr into problems, pointing at {@code rules[i]} when the failing line came from a rule. */
  static List<Problem> nftProblems(Config config, CompiledRuleset rs, Nft.NftResult r) {
    Map<Long, Integer> index = new java.util.HashMap<>();
    for (int i = 0; i < config.rules().size(); i++) {
      index.put(config.rules().get(i).id(), i);
    }
    Function<Long, String> where = id -> "rules[" + index.get(id) + "]";
    List<Problem> out = new ArrayList<>();
    Matcher m = NFT_ERROR.matcher(r.stderr());
    while (m.find()) {
      int line = Integer.parseInt(m.group(1));
      String msg = "nft refused line " + line + ": " + m.group(2);
      out.add(rs.ruleAtLine(line)
          .map(id -> new Problem(where.apply(id), "rule #" + id + ": " + msg))
          .orElse(new Problem("ruleset", msg)));
    }
    if (out.isEmpty()) {
      String text = r.stderr().isBlank() ? "nft exited with status " + r.exitCode() : r.stderr().strip();
      out.add(new Problem("ruleset", text.lines().limit(20).collect(Collectors.joining("\n"))));
    }
    return out.stream().distinct().toList();
  }
}
