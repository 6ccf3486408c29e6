package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The strict reader that configurations and backups share, and ConfigCodec's use of it. */
class StrictJsonTest {
  private static final StrictJson READER = StrictJson.limitedTo(1024, 4);

  private static String refusal(String text) {
    return assertThrows(StrictJson.Refused.class, () -> READER.read(text, "the text")).getMessage();
  }

  @Test
  void readsOneValue() throws StrictJson.Refused {
    assertEquals(2, READER.read("{\"a\": [1, 2]}", "the text").get("a").size());
    assertEquals(1, READER.read("\uFEFF{\"a\": 1}".getBytes(StandardCharsets.UTF_8), "the file").get("a").intValue());
  }

  @Test
  void refusesWhatAnotherReaderCouldReadDifferently() {
    assertTrue(refusal("{\"a\": 1, \"a\": 2}").contains("Duplicate field 'a'"));
    assertTrue(refusal("{\"a\": 1} {\"a\": 2}").startsWith("not valid JSON at line 1"));
    assertTrue(refusal("{\"a\": 1} x").startsWith("not valid JSON"));
    assertEquals("the text is empty", refusal("  "));
    assertEquals("the file is not UTF-8 text", assertThrows(StrictJson.Refused.class,
        () -> READER.read(new byte[] {(byte) 0xff, '{', '}'}, "the file")).getMessage());
  }

  @Test
  void aBrokenTokenIsQuotedWithItsInvisibleCharactersEscaped() {
    // Found by ConfigJsonFuzzTest: Jackson quotes the token, and the control character came out raw.
    String r = refusal("{\"a\": tru\u0001e}");
    assertTrue(r.contains("tru\\u0001e"), r);
    assertFalse(r.chars().anyMatch(Character::isISOControl), r);
    assertFalse(refusal("{\"a\": x\u202e}").contains("\u202e"), "a right-to-left override stays visible");
  }

  @Test
  void refusesBeyondTheBounds() {
    assertTrue(refusal("[[[[[1]]]]]").endsWith("nested deeper than 4 levels"), refusal("[[[[[1]]]]]"));
    assertTrue(refusal("[\"" + "x".repeat(2000) + "\"]").startsWith("not valid JSON"));
    assertTrue(refusal("{\"" + "k".repeat(500) + "\": 1, }").length() < 200, "the input is not echoed whole");
  }

  @Test
  void configCodecRefusesDuplicatesAndTrailingContentWithALocation() {
    String good = ConfigCodec.toJson(Config.empty());
    assertTrue(ConfigCodec.parse(good).ok());
    ConfigCodec.Parsed trailing = ConfigCodec.parse(good + "{}");
    assertFalse(trailing.ok());
    assertTrue(trailing.problems().get(0).message().startsWith("not valid JSON at line"),
        trailing.problems().toString());
    ConfigCodec.Parsed dup = ConfigCodec.parse(good.replaceFirst("\"hosts\"", "\"rules\" : [ ],\n  \"hosts\""));
    assertFalse(dup.ok());
    assertTrue(dup.problems().get(0).message().contains("Duplicate field 'rules'"), dup.problems().toString());
  }
}
