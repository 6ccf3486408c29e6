package dev.sekisho.web;

/**
 * Decides whether a redirect target taken from a request stays on this panel. Only a plain absolute path
 * qualifies: browsers treat {@code //host} and {@code /\host} (and a backslash anywhere, or a control
 * character they strip) as another site.
 */
final class LocalRedirect {
  private LocalRedirect() {}

  /** {@code target} when it is a path on this panel, otherwise {@code fallback}. */
  static String orElse(String target, String fallback) {
    if (target == null || target.length() > 2000 || !target.startsWith("/") || target.startsWith("//")) {
      return fallback;
    }
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c == '\\' || c < 0x20 || c == 0x7f) {
        return fallback;
      }
    }
    return target;
  }
}
