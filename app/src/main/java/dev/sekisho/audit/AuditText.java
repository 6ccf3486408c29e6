package dev.sekisho.audit;

/**
 * Makes text safe for one line of the audit log. Control characters (CR, LF, tab, escape, …) and the line
 * and paragraph separators are written as {@code \\uXXXX}, so that a user name like {@code "x\nkind=logout"}
 * shows what was sent instead of forging a second event in the journal.
 */
public final class AuditText {
  private AuditText() {}

  /** {@code text} with control characters escaped, cut to {@code max} characters; null becomes "". */
  public static String clean(String text, int max) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), max));
    for (int i = 0; i < text.length() && out.length() < max; i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085') {
        String esc = String.format("\\u%04x", (int) c);
        if (out.length() + esc.length() > max) {
          break;
        }
        out.append(esc);
      } else {
        out.append(c);
      }
    }
    // A cut must not leave half of a surrogate pair behind.
    if (out.length() > 0 && Character.isHighSurrogate(out.charAt(out.length() - 1))) {
      out.setLength(out.length() - 1);
    }
    return out.toString();
  }

  /** {@code text} in double quotes, with backslashes and quotes escaped, so fields split unambiguously. */
  public static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
