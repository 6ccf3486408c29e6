package dev.sekisho.config;

import dev.sekisho.i18n.Message;
import java.nio.charset.StandardCharsets;

/**
 * Free text the admin attaches to a rule. It is copied into the nftables ruleset inside double quotes, so
 * only an allow-list of characters is accepted: letters and digits of any script, space, and the punctuation
 * {@code - _ . , : / ( ) ' + @ ! ? & % = [ ]}. Quotes, backslashes, {@code ; # $ { }}, control characters
 * and anything over {@value #MAX_BYTES} bytes of UTF-8 are refused, never escaped or cut.
 */
public record Comment(String text) {

  /** nftables keeps at most this many bytes of a comment. */
  public static final int MAX_BYTES = 128;

  private static final String PUNCTUATION = "-_.,:/()'+@!?&%=[] ";

  /** The empty comment. */
  public static final Comment NONE = new Comment("");

  /** Checks every character; see the type's documentation for what is allowed. */
  public Comment {
    if (text == null) {
      throw new ParseException("problem.comment.missing");
    }
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw new ParseException("problem.comment.too_long", bytes, MAX_BYTES);
    }
    text.codePoints().forEach(c -> {
      if (!allowed(c)) {
        throw new ParseException("problem.comment.character", describe(c));
      }
    });
  }

  /** Parses a comment, treating surrounding white space as absent. */
  public static Comment parse(String text) {
    return text == null ? NONE : new Comment(text.strip());
  }

  static boolean allowed(int c) {
    if (c < 0x80) {
      return Character.isLetterOrDigit(c) || PUNCTUATION.indexOf(c) >= 0;
    }
    int type = Character.getType(c);
    return Character.isLetterOrDigit(c)
        || type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || c == 0x30fc || c == 0x3001 || c == 0x3002 || c == 0x30fb; // ー 、 。 ・ (Japanese text)
  }

  private static Message describe(int c) {
    if (c == '"') {
      return Message.of("problem.char.double_quote");
    }
    if (c == '\n' || c == '\r') {
      return Message.of("problem.char.line_break");
    }
    if (Character.isISOControl(c)) {
      return Message.of("problem.char.control", String.format("U+%04X", c));
    }
    if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
      return Message.of("problem.char.space", String.format("U+%04X", c));
    }
    return Message.of("problem.char.other", Texts.shown(new String(Character.toChars(c))));
  }

  /** True when there is no text. */
  public boolean isEmpty() {
    return text.isEmpty();
  }

  @Override
  public String toString() {
    return text;
  }
}
