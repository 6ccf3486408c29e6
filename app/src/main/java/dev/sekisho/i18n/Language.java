package dev.sekisho.i18n;

import java.util.Locale;
import java.util.Optional;

/** The languages the panel speaks. English is the default whenever nothing asks for another one. */
public enum Language {
  /** English, the default and the language of log lines and the command line. */
  EN("en", Locale.ENGLISH),
  /** Japanese. */
  JA("ja", Locale.JAPANESE);

  private final String tag;
  private final Locale locale;

  Language(String tag, Locale locale) {
    this.tag = tag;
    this.locale = locale;
  }

  /** The BCP 47 tag, as stored for the admin, sent in the cookie and written in {@code <html lang>}. */
  public String tag() {
    return tag;
  }

  /** The locale the bundles and number formats use. */
  public Locale locale() {
    return locale;
  }

  /** The language with exactly this tag (case-insensitive), if the panel speaks it. */
  public static Optional<Language> of(String tag) {
    if (tag == null) {
      return Optional.empty();
    }
    for (Language l : values()) {
      if (l.tag.equalsIgnoreCase(tag.strip())) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  /**
   * The language an {@code Accept-Language} header prefers among ours: the highest q-value wins, ties go to
   * the earlier entry, {@code ja-JP} counts as {@code ja}. Empty when the header names none of ours (the
   * caller then falls back to English). Malformed entries are skipped; the header is never trusted further.
   */
  public static Optional<Language> fromAcceptLanguage(String header) {
    if (header == null || header.length() > 1000) {
      return Optional.empty();
    }
    Language best = null;
    double bestQ = 0;
    for (String part : header.split(",", 50)) {
      String[] pieces = part.split(";");
      String range = pieces[0].strip();
      double q = 1;
      for (int i = 1; i < pieces.length; i++) {
        String p = pieces[i].strip();
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      String primary = range.split("-", 2)[0];
      Optional<Language> l = of(primary);
      if (l.isPresent() && q > bestQ) {
        best = l.get();
        bestQ = q;
      }
    }
    return Optional.ofNullable(best);
  }
}
