package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextsTest {

  @Test
  void shortPrintableTextIsShownAsIs() {
    assertEquals("", Texts.shown(""));
    assertEquals("子供のタブレット 'x' <b>", Texts.shown("子供のタブレット 'x' <b>"));
  }

  @Test
  void controlAndInvisibleCharactersAreShownByNumber() {
    assertEquals("a\\u0000b\\u000a\\u001b[0m\\u007f", Texts.shown("a\u0000b\n\u001b[0m\u007f"));
    assertEquals("abc\\u202edef", Texts.shown("abc\u202edef"), "a right-to-left override reorders the message");
    assertEquals("a\\u200bb\\u2028c\\u2029", Texts.shown("a\u200bb\u2028c\u2029"));
    assertEquals("\\ud800x", Texts.shown("\ud800x"), "a lone surrogate");
  }

  @Test
  void cutAfterFortyCharactersNotBytesOrUtf16Units() {
    assertEquals("a".repeat(40), Texts.shown("a".repeat(40)));
    assertEquals("a".repeat(40) + "…", Texts.shown("a".repeat(41)));
    assertEquals("😀".repeat(40) + "…", Texts.shown("😀".repeat(41)), "no surrogate pair cut in half");
  }
}
