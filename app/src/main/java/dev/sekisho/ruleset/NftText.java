package dev.sekisho.ruleset;

import dev.sekisho.config.Config;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects ruleset lines with their origin, and renders the only two kinds of text that come from outside
 * Sekisho's own vocabulary: interface names and comments. Both were validated when the Config was built;
 * the checks here are a second, independent line of defence so that a bug elsewhere can never put a quote
 * or a line break into the ruleset.
 */
final class NftText {
  /** nftables keeps at most this many bytes of a comment. */
  static final int COMMENT_MAX_BYTES = 128;

  private final StringBuilder text = new StringBuilder();
  private final List<Long> origins = new ArrayList<>();
  private final List<Long> forwardOrigins = new ArrayList<>();
  private int depth;

  /** Adds one line at the current indentation, generated from the given rule id (or null). */
  NftText line(String s, Long ruleId) {
    text.append("\t".repeat(depth)).append(s).append('\n');
    origins.add(ruleId);
    forwardOrigins.add(null);
    return this;
  }

  /** Adds one line generated from the port forward with the given id. */
  NftText forwardLine(String s, long forwardId) {
    line(s, null);
    forwardOrigins.set(forwardOrigins.size() - 1, forwardId);
    return this;
  }

  /** Adds a line of Sekisho's own. */
  NftText line(String s) {
    return line(s, null);
  }

  /** Opens a block: the line, then one more level of indentation. */
  NftText open(String s) {
    line(s + " {");
    depth++;
    return this;
  }

  /** Closes the innermost block. */
  NftText close() {
    depth--;
    return line("}");
  }

  NftText blank() {
    text.append('\n');
    origins.add(null);
    forwardOrigins.add(null);
    return this;
  }

  /** The finished text, with the configuration it was compiled from. */
  CompiledRuleset build(Config config) {
    return new CompiledRuleset(config, text(), origins, forwardOrigins);
  }

  /** The finished text alone, for rulesets that come from no configuration (the safe ruleset). */
  String text() {
    if (depth != 0) {
      throw new IllegalStateException("unbalanced blocks in generated ruleset");
    }
    return text.toString();
  }

  /** A double-quoted comment, cut at a character boundary to nft's byte limit. */
  static String comment(String s) {
    s.codePoints().forEach(c -> {
      if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
        throw new IllegalArgumentException("refusing to put character U+" + Integer.toHexString(c)
            + " into a ruleset comment");
      }
    });
    return "comment \"" + cut(s, COMMENT_MAX_BYTES) + "\"";
  }

  /** The longest prefix of s that fits in max bytes of UTF-8 without splitting a character. */
  static String cut(String s, int max) {
    if (s.getBytes(StandardCharsets.UTF_8).length <= max) {
      return s;
    }
    int bytes = 0;
    int end = 0;
    while (end < s.length()) {
      int c = s.codePointAt(end);
      int n = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + n > max) {
        break;
      }
      bytes += n;
      end += Character.charCount(c);
    }
    return s.substring(0, end);
  }

  /** A quoted interface name, or an anonymous set of them. */
  static String interfaces(List<String> names) {
    for (String n : names) {
      if (!n.matches("[A-Za-z0-9._-]{1,15}")) {
        throw new IllegalArgumentException("refusing interface name in ruleset");
      }
    }
    if (names.size() == 1) {
      return "\"" + names.get(0) + "\"";
    }
    return "{ " + String.join(", ", names.stream().map(n -> "\"" + n + "\"").toList()) + " }";
  }
}
