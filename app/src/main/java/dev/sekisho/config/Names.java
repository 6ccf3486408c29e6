package dev.sekisho.config;

/** Checks for the names the admin gives to things. */
public final class Names {
  private Names() {}

  /**
   * A Linux interface name: 1-15 characters of letters, digits, '.', '-' and '_' (what the kernel's
   * IFNAMSIZ and ip(8) accept), not '.' or '..', and no wildcard.
   */
  public static String interfaceName(String text) {
    if (text == null || text.isBlank()) {
      throw new ParseException("problem.ifname.required");
    }
    String s = text.strip();
    if (s.length() > 15) {
      throw new ParseException("problem.ifname.too_long", Texts.shown(s));
    }
    if (s.equals(".") || s.equals("..")) {
      throw new ParseException("problem.ifname.dots", s);
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_');
      if (!ok) {
        throw new ParseException("problem.ifname.character", Texts.shown(s),
            Texts.shown(String.valueOf(c)));
      }
    }
    return s;
  }

  /** A host's display name: 1-64 characters, letters and digits of any script, space, '.', '-', '_' and '''. */
  public static String hostName(String text) {
    if (text == null || text.isBlank()) {
      throw new ParseException("problem.hostname.required");
    }
    String s = text.strip();
    if (s.codePointCount(0, s.length()) > 64) {
      throw new ParseException("problem.hostname.too_long");
    }
    s.codePoints().forEach(c -> {
      boolean ok = Character.isLetterOrDigit(c) || c == ' ' || c == '.' || c == '-' || c == '_' || c == '\''
          || Character.getType(c) == Character.NON_SPACING_MARK || c == 0x30fc;
      if (!ok) {
        throw new ParseException("problem.hostname.character",
            Texts.shown(new String(Character.toChars(c))));
      }
    });
    return s;
  }
}
