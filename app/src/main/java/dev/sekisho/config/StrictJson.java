package dev.sekisho.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON reader for configurations ({@link ConfigCodec}: stored snapshots, files given to the command
 * line) and backup files, which may come from anywhere. Everything ambiguous is refused rather than
 * guessed: a member named twice (Jackson would keep the last one, so two readers could see two different
 * documents), content after the value, text that is not UTF-8, and input beyond a size or nesting bound (so
 * a hostile file costs bounded memory and no stack). Refusals say where the JSON is broken and never echo
 * more than a short piece of the input.
 */
public final class StrictJson {
  private final ObjectMapper mapper;
  private final int maxDepth;

  private StrictJson(int maxBytes, int maxDepth) {
    this.maxDepth = maxDepth;
    this.mapper = new ObjectMapper(JsonFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(maxDepth)
            .maxStringLength(maxBytes)
            .maxNumberLength(32)
            .maxDocumentLength(maxBytes)
            .build())
        .build())
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** A reader that refuses documents longer than {@code maxBytes} or nested deeper than {@code maxDepth}. */
  public static StrictJson limitedTo(int maxBytes, int maxDepth) {
    if (maxBytes < 1 || maxDepth < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    return new StrictJson(maxBytes, maxDepth);
  }

  /** Why an input was refused; the message is meant for the person who supplied it. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Reads UTF-8 bytes (a leading byte order mark is allowed and skipped).
   *
   * @param what names the input in refusals, e.g. "the file"
   */
  public JsonNode read(byte[] bytes, String what) throws Refused {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new Refused(what + " is not UTF-8 text");
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return read(text, what);
  }

  /**
   * Reads text holding exactly one JSON value.
   *
   * @param what names the input in refusals, e.g. "the file"
   */
  public JsonNode read(String text, String what) throws Refused {
    try {
      JsonNode n = mapper.readTree(text);
      if (n == null || n.isMissingNode()) {
        throw new Refused(what + " is empty");
      }
      return n;
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr();
      String why = e.getOriginalMessage();
      if (why != null && why.contains("nesting depth")) {
        why = "nested deeper than " + maxDepth + " levels";
      }
      throw new Refused("not valid JSON" + where + ": " + cut(why));
    }
  }

  /**
   * At most 80 characters of {@code s} (empty for null), so a refusal never carries a whole hostile input, with
   * invisible characters written as {@code \\uXXXX}: Jackson's messages quote the offending token, and a
   * control character or a bidirectional override in it would reach the page and the log raw (found by
   * {@code ConfigJsonFuzzTest}).
   */
  public static String cut(String s) {
    if (s == null) {
      return "";
    }
    return Texts.shown(s, 80);
  }
}
