package dev.sekisho.ruleset;

import dev.sekisho.config.Config;
import dev.sekisho.config.ConfigCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The nftables text for one valid configuration, together with that configuration and where each line came
 * from, so that an error nft reports for line 42 can be shown to the admin as "rule #12".
 *
 * <p>Only {@link RulesetCompiler} makes one, after the configuration passed validation, so holding a
 * CompiledRuleset is proof of that: the applier loads it as it is, without validating or compiling again.
 */
public final class CompiledRuleset {
  private static final java.util.regex.Pattern TIME_LEFT = java.util.regex.Pattern.compile(" timeout [0-9]+s");
  private final Config config;
  private final String text;
  private final List<Long> lineRuleIds;
  private final List<Long> lineForwardIds;

  /**
   * @param config the configuration the text was compiled from
   * @param text the whole file, ready for {@code nft -f -}
   * @param lineRuleIds for each line (index = line number - 1) the id of the admin's rule it was generated
   *     from, or {@code null} for lines Sekisho adds on its own
   * @param lineForwardIds for each line the id of the port forward it was generated from, or {@code null}
   */
  CompiledRuleset(Config config, String text, List<Long> lineRuleIds, List<Long> lineForwardIds) {
    this.config = config;
    this.text = text;
    // Copied without List.copyOf: the origins contain nulls.
    this.lineRuleIds = Collections.unmodifiableList(new ArrayList<>(lineRuleIds));
    this.lineForwardIds = Collections.unmodifiableList(new ArrayList<>(lineForwardIds));
  }

  /** The configuration the text was compiled from. */
  public Config config() {
    return config;
  }

  /** The whole file, ready for {@code nft -f -}. */
  public String text() {
    return text;
  }

  /** For each line (index = line number - 1) the id of the admin's rule behind it, or null for Sekisho's own. */
  public List<Long> lineRuleIds() {
    return lineRuleIds;
  }

  /**
   * A SHA-256 fingerprint (hex) of the configuration and the text: a preview shows it and the apply that
   * follows compares it, so what is loaded is exactly what the admin reviewed. A temporary rule's remaining
   * time is left out (its end is in), as it shrinks between the preview and the apply.
   */
  public String fingerprint() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(ConfigCodec.toJson(config).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      // Timers' and timed decisions' time left depend on when the text was compiled; their ends are in the
      // configuration.
      sha.update(TIME_LEFT.matcher(TemporaryRules.withoutRemaining(text)).replaceAll(" timeout")
          .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The port forward behind a 1-based line number, if that line came from one. */
  public Optional<Long> forwardAtLine(int line) {
    if (line < 1 || line > lineForwardIds.size()) {
      return Optional.empty();
    }
    return Optional.ofNullable(lineForwardIds.get(line - 1));
  }

  /** The admin's rule behind a 1-based line number, if that line came from one. */
  public Optional<Long> ruleAtLine(int line) {
    if (line < 1 || line > lineRuleIds.size()) {
      return Optional.empty();
    }
    return Optional.ofNullable(lineRuleIds.get(line - 1));
  }
}
