package dev.sekisho.config;

/** Small helpers for echoing user input back in error messages without letting it run wild. */
final class Texts {
  private Texts() {}

  /** The input cut to 40 characters with control characters made visible, for messages. */
  static String shown(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().limit(40).forEach(c -> {
      if (Character.isISOControl(c)) {
        b.append(String.format("\\u%04x", c));
      } else {
        b.appendCodePoint(c);
      }
    });
    if (s.codePointCount(0, s.length()) > 40) {
      b.append('…');
    }
    return b.toString();
  }
}
