package dev.sekisho.config;

/** Small helpers for echoing user input back in error messages without letting it run wild. */
final class Texts {
  private Texts() {}

  /**
   * The input cut to 40 characters with control and invisible characters shown by number, for messages:
   * a line break, a right-to-left override or a lone surrogate would otherwise reshape the message around it.
   */
  static String shown(String s) {
    return shown(s, 40);
  }

  /** The same, cut to {@code max} code points (never half of a surrogate pair). */
  static String shown(String s, int max) {
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(max).forEach(c -> {
      if (invisible(c)) {
        b.append(String.format("\\u%04x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    if (s.codePointCount(0, s.length()) > max) {
      b.append('…');
    }
    return b.toString();
  }

  private static boolean invisible(int c) {
    int type = Character.getType(c);
    return Character.isISOControl(c) || type == Character.FORMAT || type == Character.SURROGATE
        || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
  }
}
