package dev.sekisho.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which language an {@code Accept-Language} header asks for. */
class LanguageTest {
  @Test
  void theHighestQualityOfOurLanguagesWins() {
    assertEquals(Optional.of(Language.JA), Language.fromAcceptLanguage("ja"));
    assertEquals(Optional.of(Language.JA), Language.fromAcceptLanguage("ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7"));
    assertEquals(Optional.of(Language.EN), Language.fromAcceptLanguage("en-US,en;q=0.9,ja;q=0.8"));
    assertEquals(Optional.of(Language.JA), Language.fromAcceptLanguage("en;q=0.5, ja;q=0.8"));
    assertEquals(Optional.of(Language.JA), Language.fromAcceptLanguage("de-DE, ja;q=0.3"));
    assertEquals(Optional.empty(), Language.fromAcceptLanguage("de-DE,fr;q=0.8"));
    assertEquals(Optional.empty(), Language.fromAcceptLanguage(null));
    assertEquals(Optional.empty(), Language.fromAcceptLanguage("ja;q=0"));
    assertEquals(Optional.of(Language.EN), Language.fromAcceptLanguage("ja;q=abc, en"));
    assertEquals(Optional.empty(), Language.fromAcceptLanguage("*"), "the caller falls back to English");
  }

  @Test
  void tagsAreExact() {
    assertEquals(Optional.of(Language.JA), Language.of("JA"));
    assertEquals(Optional.empty(), Language.of("jp"));
    assertEquals(Optional.empty(), Language.of("ja-JP"));
  }
}
