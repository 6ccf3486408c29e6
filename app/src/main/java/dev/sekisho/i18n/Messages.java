package dev.sekisho.i18n;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Format;
import java.text.MessageFormat;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The message bundles and their formatting. {@code templates/i18n/messages.properties} is English (also the
 * fallback for a key a translation lacks), {@code messages_ja.properties} Japanese; both are read as UTF-8.
 * Every value is a {@link MessageFormat} pattern, always (so a literal apostrophe is written {@code ''} in
 * every value, with or without arguments): {@code {0}} shows an argument as it is (numbers too, so ids and
 * ports never get a thousands separator), {@code {0,number,integer}} formats a count per locale, and
 * {@code {0,choice,0#none|1#one rule|1<{0,number,integer} rules}} chooses the plural.
 */
public final class Messages {
  /** Where the bundles are on the class path (the build copies {@code templates/} there). */
  public static final String BASE = "templates/i18n/messages";
  /** What an unknown key shows, so that a missing text is visible on the page and a test can find it. */
  public static final String MISSING_MARK = "??";

  private static final Map<Language, Map<String, String>> BUNDLES = load();

  private Messages() {}

  /** The keys of one language's bundle, sorted. */
  public static Set<String> keys(Language l) {
    return Collections.unmodifiableSet(BUNDLES.get(l).keySet());
  }

  /** The raw pattern under {@code key} in one bundle (no fallback), or null. */
  public static String pattern(Language l, String key) {
    return BUNDLES.get(l).get(key);
  }

  /** True when the English bundle has the key. */
  public static boolean has(String key) {
    return BUNDLES.get(Language.EN).containsKey(key);
  }

  /** The message in the language of {@code locale} (English for any other). */
  public static String format(Locale locale, Message m) {
    if (m.key() == null) {
      return m.plain();
    }
    return format(locale, m.key(), m.args().toArray());
  }

  /** The text under {@code key} with {@code args}; an unknown key shows as {@code ??key_lang??}. */
  public static String format(Locale locale, String key, Object... args) {
    Language lang = Language.of(locale == null ? "" : locale.getLanguage()).orElse(Language.EN);
    String pattern = BUNDLES.get(lang).get(key);
    if (pattern == null) {
      pattern = BUNDLES.get(Language.EN).get(key);
    }
    if (pattern == null) {
      return MISSING_MARK + key + "_" + lang.tag() + MISSING_MARK;
    }
    MessageFormat f = new MessageFormat(pattern, lang.locale());
    Format[] formats = f.getFormatsByArgumentIndex();
    Object[] shown = new Object[Math.max(args.length, formats.length)];
    for (int i = 0; i < shown.length; i++) {
      Object a = i < args.length ? args[i] : "";
      if (a instanceof Message inner) {
        a = format(locale, inner);
      } else if (a instanceof Number && (i >= formats.length || formats[i] == null)) {
        a = String.valueOf(a); // a plain {n}: an id, a port, a year, never "1,234"
      }
      shown[i] = a;
    }
    return f.format(shown);
  }

  private static Map<Language, Map<String, String>> load() {
    Map<Language, Map<String, String>> out = new EnumMap<>(Language.class);
    for (Language l : Language.values()) {
      String name = BASE + (l == Language.EN ? "" : "_" + l.tag()) + ".properties";
      out.put(l, read(name));
    }
    return out;
  }

  /** Reads one bundle as UTF-8 (Properties.load(InputStream) would read ISO-8859-1). */
  static Map<String, String> read(String resource) {
    Properties p = new Properties();
    try (InputStream in = Messages.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return Map.of();
      }
      try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        p.load(r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    Map<String, String> m = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
    return Collections.unmodifiableMap(m);
  }
}
