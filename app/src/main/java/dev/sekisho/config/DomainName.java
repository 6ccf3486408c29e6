package dev.sekisho.config;

import java.util.Locale;

/**
 * A domain name a rule's destination can be: one exact name ({@code example.org}), or a name and all its
 * subdomains ({@code *.example.org}, which matches {@code example.org} itself too). Parsed against an
 * allow-list: ASCII letters, digits and hyphens (internationalised names in their {@code xn--} form), labels of
 * 1 to 63 characters that neither start nor end with a hyphen, at least two labels, at most 253 characters in
 * all. Stored lowercase without a trailing dot, so two spellings of one name are one value. The name never
 * reaches nft: the kernel only sees the addresses learned for it, in sets named after the rule's id.
 *
 * @param name the name, lowercase, without a trailing dot or the {@code *.} prefix
 * @param subdomains whether every name below {@code name} matches too
 */
public record DomainName(String name, boolean subdomains) {
  /** The longest name DNS carries in text form (255 bytes on the wire). */
  public static final int MAX_LENGTH = 253;
  /** The longest label. */
  public static final int MAX_LABEL = 63;

  /** Checks the name (see the type). */
  public DomainName {
    if (name == null || !valid(name)) {
      throw new ParseException("problem.domain.invalid", name == null ? "" : Texts.shown(name));
    }
  }

  /**
   * Reads {@code example.org} (that name) or {@code *.example.org} (the name and its subdomains); case is
   * folded and one trailing dot is dropped.
   *
   * @throws ParseException with the reason, for the field
   */
  public static DomainName parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ParseException("problem.domain.empty");
    }
    String t = text.strip();
    if (t.length() > MAX_LENGTH + 3) {
      throw new ParseException("problem.domain.too_long", MAX_LENGTH);
    }
    boolean sub = t.startsWith("*.");
    if (sub) {
      t = t.substring(2);
    }
    if (t.endsWith(".")) {
      t = t.substring(0, t.length() - 1);
    }
    t = t.toLowerCase(Locale.ROOT);
    if (t.length() > MAX_LENGTH) {
      throw new ParseException("problem.domain.too_long", MAX_LENGTH);
    }
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.')) {
        throw new ParseException("problem.domain.character", Texts.shown(text.strip()));
      }
    }
    for (String label : t.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > MAX_LABEL) {
        throw new ParseException("problem.domain.label", MAX_LABEL);
      }
      if (label.startsWith("-") || label.endsWith("-")) {
        throw new ParseException("problem.domain.hyphen");
      }
    }
    if (t.indexOf('.') < 0) {
      throw new ParseException("problem.domain.one_label");
    }
    return new DomainName(t, sub);
  }

  /** True when {@code name} (lowercase, no trailing dot) is a name this type accepts. */
  static boolean valid(String name) {
    if (name.isEmpty() || name.length() > MAX_LENGTH || name.indexOf('.') < 0) {
      return false;
    }
    for (String label : name.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > MAX_LABEL || label.startsWith("-") || label.endsWith("-")) {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * True when a name asked in DNS is covered: equal, or (with subdomains) below this name. {@code asked} is
   * compared case-insensitively, a trailing dot ignored.
   */
  public boolean matches(String asked) {
    if (asked == null) {
      return false;
    }
    String a = asked.toLowerCase(Locale.ROOT);
    if (a.endsWith(".")) {
      a = a.substring(0, a.length() - 1);
    }
    return a.equals(name) || subdomains && a.endsWith("." + name);
  }

  /** The text form {@link #parse} reads: {@code example.org} or {@code *.example.org}. */
  @Override
  public String toString() {
    return subdomains ? "*." + name : name;
  }
}
