package dev.sekisho.apply;

import dev.sekisho.config.Problem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sekisho.ruleset.CompiledRuleset;
import dev.sekisho.ruleset.RulesetCompiler;
import dev.sekisho.ruleset.TemporaryRules;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one way a ruleset goes into the kernel: {@code nft -c -f -} checks it, and only then {@code nft -f -}
 * loads it in one transaction, the text on standard input both times. Applies, rollbacks and the boot restore
 * all go through here, so none of them can skip the check. A refusal says which step refused and what nft
 * said; the problems below word it for the admin.
 */
final class NftLoad {
  /** nft's arguments for the check. */
  static final List<String> CHECK = List.of("-c", "-f", "-");
  /** nft's arguments for the load. */
  static final List<String> LOAD = List.of("-f", "-");

  /** nft names standard input {@code /dev/stdin} in its errors, with the 1-based line number. */
  private static final Pattern NFT_ERROR = Pattern.compile("^/dev/stdin:(\\d+):[^ ]* (Error: .*)$", Pattern.MULTILINE);
  /** The fallback problem keeps a long complaint readable on the failure page. */
  private static final int MAX_LINES = 20;

  /** The two steps, in order. */
  enum Step {
    /** {@code nft -c}: nothing was loaded. */
    CHECK("nft -c"),
    /** {@code nft -f}: nothing was loaded either, as the load is one transaction. */
    LOAD("nft -f");

    private final String command;

    Step(String command) {
      this.command = command;
    }

    /** The step as an admin would type it. */
    String command() {
      return command;
    }
  }

  /** The step that refused the ruleset, and what nft said. */
  record Refusal(Step step, Nft.NftResult nft) {
    /** nft's standard error, stripped, or its exit status when it said nothing. */
    String said() {
      return nft.stderr().isBlank() ? "nft exited with status " + nft.exitCode() : nft.stderr().strip();
    }
  }

  private NftLoad() {}

  /** Checks the ruleset and loads it when the check passed; empty when it is in force. */
  static Optional<Refusal> checkAndLoad(Nft nft, String ruleset) {
    return checkAndLoad(nft, ruleset, Instant.now());
  }

  /**
   * {@link #checkAndLoad(Nft, String)} at an instant: temporary rules' timeouts are first rewritten to what
   * remains of them then, and count-limited rules' counted connections are read back from the kernel into the
   * text ({@link TemporaryRules}), so no load restarts a timer or resets a count.
   */
  static Optional<Refusal> checkAndLoad(Nft nft, String text, Instant now) {
    String ruleset = TemporaryRules.refresh(carried(nft, text), now);
    Nft.NftResult check = nft.run(CHECK, ruleset);
    if (!check.ok()) {
      return Optional.of(new Refusal(Step.CHECK, check));
    }
    Nft.NftResult load = nft.run(LOAD, ruleset);
    return load.ok() ? Optional.empty() : Optional.of(new Refusal(Step.LOAD, load));
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The text with the kernel's counted connections of its count sets (none when the table is not loaded). */
  private static String carried(Nft nft, String text) {
    List<String> sets = TemporaryRules.countSets(text);
    if (sets.isEmpty()) {
      return text;
    }
    Map<String, List<Long>> counted = new HashMap<>();
    for (String set : sets) {
      counted.put(set, counted(nft, set));
    }
    return TemporaryRules.carryCounts(text, counted);
  }

  /** The conntrack ids a count set holds in the kernel; empty when it (or the table) is not loaded. */
  static List<Long> counted(Nft nft, String set) {
    String[] table = RulesetCompiler.TABLE.split(" ");
    Nft.NftResult r = nft.run(List.of("-j", "list", "set", table[0], table[1], set), "");
    List<Long> ids = new ArrayList<>();
    if (!r.ok()) {
      return ids;
    }
    try {
      for (JsonNode item : JSON.readTree(r.stdout()).path("nftables")) {
        for (JsonNode e : item.path("set").path("elem")) {
          if (e.canConvertToLong()) {
            ids.add(e.asLong());
          }
        }
      }
    } catch (IOException e) {
      ids.clear(); // an unreadable listing counts as nothing, as when the set is not loaded
    }
    return ids;
  }

  /**
   * A refusal of a compiled ruleset as problems: each error nft reports for a line that came from an admin's
   * rule points at that rule ({@code rules[i]}, "rule #id"); the rest point at the ruleset.
   */
  static List<Problem> problems(CompiledRuleset rs, Refusal r) {
    Map<Long, Integer> index = new HashMap<>();
    for (int i = 0; i < rs.config().rules().size(); i++) {
      index.put(rs.config().rules().get(i).id(), i);
    }
    List<Problem> out = new ArrayList<>();
    Matcher m = NFT_ERROR.matcher(r.nft().stderr());
    while (m.find()) {
      int line = Integer.parseInt(m.group(1));
      String msg = "nft refused line " + line + ": " + m.group(2);
      Optional<Long> forward = rs.forwardAtLine(line);
      if (forward.isPresent()) {
        long id = forward.get();
        int at = rs.config().forwards().indexOf(rs.config().forward(id).orElseThrow());
        out.add(new Problem("forwards[" + at + "]", "port forward #" + id + ": " + msg));
        continue;
      }
      out.add(rs.ruleAtLine(line)
          .map(id -> new Problem("rules[" + index.get(id) + "]", "rule #" + id + ": " + msg))
          .orElse(new Problem("ruleset", msg)));
    }
    if (out.isEmpty()) {
      out.add(new Problem("ruleset", r.said().lines().limit(MAX_LINES).collect(Collectors.joining("\n"))));
    }
    return out.stream().distinct().toList();
  }

  /** A refusal of ruleset text whose origin is unknown (a rollback's earlier text): nft's whole complaint. */
  static Problem problem(Refusal r) {
    return new Problem("ruleset", r.said());
  }
}
