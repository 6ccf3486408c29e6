package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks the fuzz targets share: what a parser says back about hostile input is short and shows no
 * invisible character raw (a line break, a bidirectional override or a lone surrogate would reshape the page
 * or the log line around the message; {@link Texts#shown} writes them as {@code \\uXXXX}).
 */
public final class FuzzChecks {
  /** The longest problem text (path and message) a refusal may have: a message, never a copy of the input. */
  public static final int MAX_PROBLEM_CHARS = 600;

  private FuzzChecks() {}

  /** Fails when the problem's text is too long or carries an invisible character. */
  public static void assertShownSafely(Problem p) {
    String s = p.toString();
    assertTrue(s.length() <= MAX_PROBLEM_CHARS, () -> "problem text of " + s.length() + " characters: "
        + s.substring(0, 200));
    assertNoInvisible(s);
  }

  /** Fails when {@code s} contains a control, format, separator or surrogate character. */
  public static void assertNoInvisible(String s) {
    s.codePoints().forEach(c -> {
      int type = Character.getType(c);
      if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.SURROGATE
          || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
        fail(String.format("raw invisible character U+%04X in: %s", c, Texts.shown(s)));
      }
    });
  }
}
