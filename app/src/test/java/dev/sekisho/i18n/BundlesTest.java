package dev.sekisho.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The contract of the message bundles: both languages have exactly the same keys, no value is empty, a key's
 * values use the same {@code {n}} arguments in both, every value is a pattern {@link MessageFormat} reads as
 * meant (an apostrophe written {@code ''}, since a lone one would silently swallow the rest of the text), and
 * the files are UTF-8.
 */
class BundlesTest {
  private static final Pattern ARG = Pattern.compile("\\{(\\d+)");

  @Test
  void bothLanguagesHaveTheSameKeys() {
    Set<String> en = Messages.keys(Language.EN);
    Set<String> ja = Messages.keys(Language.JA);
    assertTrue(en.size() > 300, "the English bundle was read: " + en.size() + " keys");
    Set<String> missingJa = new TreeSet<>(en);
    missingJa.removeAll(ja);
    Set<String> extraJa = new TreeSet<>(ja);
    extraJa.removeAll(en);
    assertEquals(Set.of(), missingJa, "keys without a Japanese text");
    assertEquals(Set.of(), extraJa, "Japanese keys without an English text");
  }

  @Test
  void noValueIsEmptyAndArgumentsMatch() {
    List<String> bad = new ArrayList<>();
    for (String key : Messages.keys(Language.EN)) {
      for (Language l : Language.values()) {
        String v = Messages.pattern(l, key);
        if (v == null || v.isBlank()) {
          bad.add(l.tag() + ": " + key + " is empty");
        }
      }
      Set<String> en = args(Messages.pattern(Language.EN, key));
      Set<String> ja = args(Messages.pattern(Language.JA, key));
      if (ja != null && !en.equals(ja)) {
        bad.add(key + ": arguments " + en + " in English but " + ja + " in Japanese");
      }
    }
    assertEquals(List.of(), bad);
  }

  @Test
  void everyValueIsAPatternWithItsApostrophesDoubled() {
    List<String> bad = new ArrayList<>();
    for (Language l : Language.values()) {
      for (String key : Messages.keys(l)) {
        String v = Messages.pattern(l, key);
        if (key.startsWith("js.")) {
          // The script replaces {n} itself; it reads no MessageFormat quoting.
          if (v.contains("''")) {
            bad.add(l.tag() + ": " + key + " (a script text) has a doubled apostrophe");
          }
          continue;
        }
        if (v.replace("''", "").contains("'")) {
          bad.add(l.tag() + ": " + key + " has a lone apostrophe (write '')");
        }
        try {
          new MessageFormat(v, l.locale());
        } catch (IllegalArgumentException e) {
          bad.add(l.tag() + ": " + key + " is not a MessageFormat pattern: " + e.getMessage());
        }
      }
    }
    assertEquals(List.of(), bad);
  }

  @Test
  void theFilesAreUtf8AndLeadingSpacesAreEscaped() throws IOException {
    for (String name : List.of("messages.properties", "messages_ja.properties")) {
      byte[] bytes = Files.readAllBytes(Path.of("templates/i18n", name));
      try {
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      } catch (CharacterCodingException e) {
        throw new AssertionError(name + " is not UTF-8", e);
      }
      // Properties drops white space after '=': a value that must start with a space writes "\ ".
      for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
        assertTrue(line.startsWith("#") || !line.matches("^[^=\\s]+=\\s.*"), name + ": unescaped leading space in "
            + line);
      }
    }
    assertEquals("日本語", Messages.format(Locale.JAPANESE, "language.ja"), "read as UTF-8");
  }

  @Test
  void formattingFollowsTheRulesTheBundlesAreWrittenFor() {
    // A plain {0} shows a number as it is (ids, ports); a count is grouped for the locale; choice picks plurals.
    assertEquals("Rule #1234 saved.", Messages.format(Locale.ENGLISH, "flash.rule.saved", 1234L));
    assertEquals("ルール #1234 を保存しました。", Messages.format(Locale.JAPANESE, "flash.rule.saved", 1234L));
    assertEquals("1 event", Messages.format(Locale.ENGLISH, "audit.events", 1));
    assertEquals("12,345 events", Messages.format(Locale.ENGLISH, "audit.events", 12345));
    assertEquals("イベント 12,345 件", Messages.format(Locale.JAPANESE, "audit.events", 12345));
    // Arguments are data, never patterns; nested messages follow the reader's language.
    assertEquals("Host {0}'x added.", Messages.format(Locale.ENGLISH, "flash.host.added", "{0}'x"));
    assertEquals("注意: ルール ID 7 が 2 回使われています。", Messages.format(Locale.JAPANESE, "flash.interface.note",
        Message.of("problem.rule.id_twice", 7)));
    assertEquals("??no.such.key_ja??", Messages.format(Locale.JAPANESE, "no.such.key"));
    // A language the panel does not speak reads English.
    assertEquals("Rule #3 saved.", Messages.format(Locale.GERMAN, "flash.rule.saved", 3));
  }

  private static Set<String> args(String pattern) {
    if (pattern == null) {
      return null;
    }
    Set<String> out = new TreeSet<>();
    Matcher m = ARG.matcher(pattern);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
