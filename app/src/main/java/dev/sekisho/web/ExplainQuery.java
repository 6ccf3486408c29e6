package dev.sekisho.web;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.config.Config;
import dev.sekisho.config.Explain;
import dev.sekisho.config.ExplainInput;
import dev.sekisho.config.Explanation;
import dev.sekisho.config.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * "Why is this blocked?" as both doors ask it: the explain page and {@code GET /api/v1/explain} read the same
 * parameters, explain against the same configuration (the applied one unless {@code config=draft}) and report
 * the same located problems ({@link ExplainInput}'s field names, plus {@code config}).
 */
final class ExplainQuery {
  /** The query's parameters, in the form's order. */
  static final List<String> FIELDS = List.of("source", "mac", "destination", "protocol", "port", "direction",
      "config");
  /** The {@code config} value for what the kernel runs (the default). */
  static final String APPLIED = "applied";
  /** The {@code config} value for the saved draft. */
  static final String DRAFT = "draft";

  private ExplainQuery() {}

  /**
   * What the query came to.
   *
   * @param target {@link #APPLIED} or {@link #DRAFT}
   * @param config the configuration explained against; null when nothing was applied yet (or on problems)
   * @param query the parsed connection; null on problems
   * @param explanation the answer; null when there are problems or nothing to explain against
   * @param problems located problems, paths are the parameter names
   */
  record Answer(String target, Config config, Explain.Query query, Explanation explanation,
      List<Problem> problems) {
    /** Copies the list. */
    Answer {
      problems = List.copyOf(problems);
    }

    /** True when the query is fine but nothing has been applied to explain against. */
    boolean nothingApplied() {
      return problems.isEmpty() && explanation == null;
    }
  }

  /**
   * Parses and explains.
   *
   * @param draft the saved draft
   * @param applied what the kernel was last given
   * @param param a parameter's value by name, null when absent
   */
  static Answer run(Supplier<Config> draft, Supplier<Optional<AppliedState>> applied, Function<String, String> param) {
    return run(draft, applied, param, java.time.Instant.now());
  }

  /** {@link #run} at an instant: a temporary rule that has ended by then matches nothing. */
  static Answer run(Supplier<Config> draft, Supplier<Optional<AppliedState>> applied, Function<String, String> param,
      java.time.Instant now) {
    return run(draft, applied, param, now, c -> id -> false, dev.sekisho.config.FirstMatch.Learned.NOTHING);
  }

  /** The same at the current time, knowing the addresses the DNS forwarder learned for domain rules. */
  static Answer run(Supplier<Config> draft, Supplier<Optional<AppliedState>> applied, Function<String, String> param,
      dev.sekisho.config.FirstMatch.Learned learned) {
    return run(draft, applied, param, java.time.Instant.now(), c -> id -> false, learned);
  }

  /** {@link #run} at an instant with the kernel's counts, without learned addresses. */
  static Answer run(Supplier<Config> draft, Supplier<Optional<AppliedState>> applied, Function<String, String> param,
      java.time.Instant now, Function<Config, java.util.function.LongPredicate> usedUp) {
    return run(draft, applied, param, now, usedUp, dev.sekisho.config.FirstMatch.Learned.NOTHING);
  }

  /**
   * {@link #run} at an instant, with the kernel's counts and the learned addresses: {@code usedUp} tells, for
   * the configuration explained, which count-limited rules have no connections left (they match nothing);
   * {@code learned} what the DNS forwarder put in domain rules' sets.
   */
  static Answer run(Supplier<Config> draft, Supplier<Optional<AppliedState>> applied, Function<String, String> param,
      java.time.Instant now, Function<Config, java.util.function.LongPredicate> usedUp,
      dev.sekisho.config.FirstMatch.Learned learned) {
    List<Problem> problems = new ArrayList<>();
    String asked = param.apply("config");
    String target = asked == null || asked.isBlank() ? APPLIED : asked.strip();
    Config config;
    if (target.equals(DRAFT)) {
      config = draft.get();
    } else if (target.equals(APPLIED)) {
      config = applied.get().map(AppliedState::config).orElse(null);
    } else {
      problems.add(Problem.of("config", "problem.explain.config_choose"));
      config = null;
    }
    // Without a configuration to explain against, the inventory of the draft still checks the other fields.
    Config inventory = config == null ? draft.get() : config;
    ExplainInput.Result in = ExplainInput.parse(inventory, param.apply("source"), param.apply("mac"),
        param.apply("destination"), param.apply("protocol"), param.apply("port"), param.apply("direction"));
    problems.addAll(in.problems());
    if (!problems.isEmpty() || config == null) {
      return new Answer(target, null, in.query(), null, problems);
    }
    return new Answer(target, config, in.query(), new Explain(config, now, java.time.ZoneId.systemDefault(),
        usedUp.apply(config), learned).explain(in.query()), List.of());
  }
}
