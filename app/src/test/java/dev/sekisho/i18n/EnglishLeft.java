package dev.sekisho.i18n;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds English left on a page shown in Japanese: the English bundle's sentences (each literal piece between
 * arguments, at least {@value #MIN} characters with a space in it) that appear in the page's visible text while
 * the Japanese text of that key differs. Shared by the functional and the browser walk of every page.
 */
public final class EnglishLeft {
  /** Shorter pieces ("on", "Rules") could be data, e.g. part of a host name or a protocol. */
  static final int MIN = 12;

  private EnglishLeft() {}

  /** The English sentences found in {@code visible} (the page's text as a reader sees it). */
  public static List<String> in(String visible) {
    List<String> found = new ArrayList<>();
    for (String key : Messages.keys(Language.EN)) {
      String en = Messages.pattern(Language.EN, key);
      if (en.equals(Messages.pattern(Language.JA, key))) {
        continue;
      }
      for (String piece : en.replace("''", "'").split("\\{[^}]*\\}")) {
        String p = piece.strip();
        if (p.length() >= MIN && p.contains(" ") && visible.contains(p)) {
          found.add(key + ": " + p);
        }
      }
    }
    return found;
  }

  /** True when the text shows a key no bundle has ({@code ??key_ja??}). */
  public static boolean hasRawKey(String visible) {
    return visible.contains(Messages.MISSING_MARK) && visible.matches("(?s).*\\?\\?[\\w.]+_[a-z]{2}\\?\\?.*");
  }

  /** Japanese characters (kana or kanji) in the text: proof the page is not simply English. */
  public static boolean hasJapanese(String visible) {
    return visible.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HIRAGANA
        || Character.UnicodeScript.of(c) == Character.UnicodeScript.KATAKANA
        || Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
  }

  /** A page's visible text from its HTML, roughly as a browser shows it (for tests without a browser). */
  public static String visibleText(String html) {
    String s = html.replaceAll("(?is)<(script|style|pre|code)\\b.*?</\\1>", " ")
        .replaceAll("(?is)<(title|datalist)\\b.*?</\\1>", " ");
    StringBuilder shown = new StringBuilder();
    // Attributes a reader sees: placeholders, titles, labels, confirmations.
    java.util.regex.Matcher a = java.util.regex.Pattern
        .compile("(?i)\\s(?:placeholder|title|aria-label|data-confirm)=\"([^\"]*)\"").matcher(s);
    while (a.find()) {
      shown.append(' ').append(a.group(1));
    }
    s = s.replaceAll("(?s)<[^>]*>", " ");
    return (s + shown).replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
        .replace("&amp;", "&").replaceAll("\\s+", " ");
  }
}
