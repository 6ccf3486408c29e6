package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommentTest {
  private static final String ALLOWED = "; use letters, digits, spaces and - _ . , : / ( ) ' + @ ! ? & % = [ ]";

  static String refusal(String text) {
    return assertThrows(ParseException.class, () -> new Comment(text), text).getMessage();
  }

  @Test
  void theAllowListIsAccepted() {
    String every = "Az09 -_.,:/()'+@!?&%=[]";
    assertEquals(every, new Comment(every).text());
    for (String s : List.of("子供のタブレット", "ゲーム機、夜は止める。", "Ünïcödé", "Ελληνικά", "مرحبا", "हिन्दी",
        "ｶﾀｶﾅ", "한국어", "コーヒー・ブレイク", "e\u0301")) {
      assertEquals(s, new Comment(s).text(), s);
    }
  }

  @Test
  void characterThatCouldLeaveTheQuotedStringIsRefusedAndNamed() {
    assertEquals("comment contains a double quote (\")" + ALLOWED, refusal("say \"hi\""));
    assertEquals("comment contains a line break" + ALLOWED, refusal("a\nb"));
    assertEquals("comment contains a line break" + ALLOWED, refusal("a\rb"));
    assertEquals("comment contains a control character (U+0009)" + ALLOWED, refusal("a\tb"));
    assertEquals("comment contains a control character (U+0000)" + ALLOWED, refusal("a\u0000b"));
    assertEquals("comment contains a control character (U+007F)" + ALLOWED, refusal("a\u007fb"));
    assertEquals("comment contains a special space (U+00A0)" + ALLOWED, refusal("a\u00a0b"));
    assertEquals("comment contains a special space (U+3000)" + ALLOWED, refusal("a\u3000b"));
    for (String c : List.of(";", "#", "$", "{", "}", "\\", "`", "<", ">", "|", "*", "~", "^", "\"")) {
      String m = refusal("x" + c + "y");
      assertTrue(m.startsWith("comment contains "), m);
      assertTrue(m.endsWith(ALLOWED), m);
    }
    assertEquals("comment contains the character '😀'" + ALLOWED, refusal("fun 😀"));
  }

  @Test
  void invisibleCharactersAreRefusedAndShownByNumber() {
    // A right-to-left override would reorder the message around it; a lone surrogate is not text at all.
    assertEquals("comment contains the character '\\u202e'" + ALLOWED, refusal("abc\u202edef"));
    assertEquals("comment contains the character '\\u200b'" + ALLOWED, refusal("zero\u200bwidth"));
    assertEquals("comment contains the character '\\ud800'" + ALLOWED, refusal("half \ud800"));
    assertEquals("comment contains a special space (U+2028)" + ALLOWED, refusal("line\u2028separator"));
  }

  @Test
  void atMost128BytesOfUtf8() {
    assertEquals(128, new Comment("a".repeat(128)).text().length());
    assertEquals("comment is 129 bytes long; at most 128 bytes are allowed", refusal("a".repeat(129)));
    String kana = "あ".repeat(42) + "ab"; // 3 bytes each: 126 + 2
    assertEquals(128, kana.getBytes(StandardCharsets.UTF_8).length);
    assertEquals(kana, new Comment(kana).text());
    assertEquals("comment is 129 bytes long; at most 128 bytes are allowed", refusal("あ".repeat(43)));
    assertEquals("comment is 30000 bytes long; at most 128 bytes are allowed", refusal("あ".repeat(10_000)));
  }

  @Test
  void parseDropsSurroundingSpaceAndTreatsNothingAsEmpty() {
    assertEquals("ping", Comment.parse("  ping\t").text());
    assertTrue(Comment.parse("   ").isEmpty());
    assertSame(Comment.NONE, Comment.parse(null));
    assertTrue(Comment.NONE.isEmpty());
    assertFalse(new Comment("x").isEmpty());
    assertEquals("[school] 8-17", new Comment("[school] 8-17").toString());
    assertEquals("comment is missing", refusal(null));
  }
}
