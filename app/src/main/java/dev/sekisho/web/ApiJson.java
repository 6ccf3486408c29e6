package dev.sekisho.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sekisho.config.Problem;
import dev.sekisho.config.StrictJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reading and writing the API's JSON. Bodies are read strictly ({@link StrictJson}: a member named twice,
 * trailing content, text that is not UTF-8, and documents beyond the size or nesting bounds are refused), only
 * as {@code application/json} (else 415), at most {@link #MAX_BODY} bytes (else 413, checked against the
 * declared length before reading and again while reading), and an object's members are checked against the
 * names the route knows, so a misspelt field is an error rather than silently ignored.
 */
final class ApiJson {
  static final ObjectMapper MAPPER = new ObjectMapper();
  /** The largest JSON body of an ordinary API request. */
  static final int MAX_BODY = 64 * 1024;
  /** At most this much of a too-large body is read (and dropped) so that the client gets its 413. */
  static final long DRAIN = 1024 * 1024;
  private static final StrictJson STRICT = StrictJson.limitedTo(MAX_BODY, 16);

  private ApiJson() {}

  /** The request's body as a JSON object with only the members in {@code known}. */
  static ObjectNode object(Context ctx, Set<String> known, String prefix) {
    JsonNode n = parse(ctx, STRICT, MAX_BODY);
    if (!n.isObject()) {
      throw new ApiProblem(400, "bad-json", "the body must be a JSON object");
    }
    List<Problem> unknown = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
      String name = it.next();
      if (!known.contains(name)) {
        unknown.add(new Problem(path(prefix, name), "unknown field; known fields: " + String.join(", ",
            known.stream().sorted().toList())));
      }
    }
    if (!unknown.isEmpty()) {
      throw ApiProblem.invalid("the body has unknown fields", unknown);
    }
    return (ObjectNode) n;
  }

  /** The raw body bytes, at most {@code max}, after the media type check. */
  static byte[] bytes(Context ctx, int max) {
    String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
    if (!(type.equals("application/json") || type.startsWith("application/json;"))) {
      throw new ApiProblem(415, "unsupported-media-type", "send the body as Content-Type: application/json");
    }
    if (ctx.contentLength() > max) {
      drain(ctx);
      ctx.header("Connection", "close");
      throw new ApiProblem(413, "too-large", "the body is at most " + max + " bytes");
    }
    byte[] b;
    try (InputStream in = ctx.req().getInputStream()) {
      b = in.readNBytes(max + 1);
      if (b.length > max) {
        drainFrom(in);
      }
    } catch (IOException e) {
      throw new ApiProblem(400, "bad-json", "the body could not be read");
    }
    if (b.length > max) {
      ctx.header("Connection", "close");
      throw new ApiProblem(413, "too-large", "the body is at most " + max + " bytes");
    }
    return b;
  }

  /**
   * Reads and drops the rest of a body that is too large, up to {@link #DRAIN} bytes, before the 413: a client
   * still sending when the connection closes may lose the answer to a reset. Bigger bodies are not read.
   */
  private static void drain(Context ctx) {
    if (ctx.contentLength() > DRAIN) {
      return;
    }
    try (InputStream in = ctx.req().getInputStream()) {
      drainFrom(in);
    } catch (IOException e) {
      // the client went away; the answer does not matter then
    }
  }

  private static void drainFrom(InputStream in) throws IOException {
    long left = DRAIN;
    byte[] buf = new byte[8192];
    for (int n; left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0; ) {
      left -= n;
    }
  }

  private static JsonNode parse(Context ctx, StrictJson reader, int max) {
    byte[] b = bytes(ctx, max);
    try {
      return reader.read(b, "the body");
    } catch (StrictJson.Refused e) {
      throw new ApiProblem(400, "bad-json", e.getMessage());
    }
  }

  /** {@code prefix.name}, or {@code name} alone. */
  static String path(String prefix, String name) {
    return prefix == null || prefix.isEmpty() ? name : prefix + "." + name;
  }

  /**
   * A member as the text a form field would hold: strings as they are, integers in decimal, booleans as a
   * ticked ("on") or absent box; null or absent as absent (null). Anything else is a located error.
   */
  static String text(ObjectNode body, String name, List<Problem> errors, String prefix) {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return Long.toString(v.longValue());
    }
    errors.add(new Problem(path(prefix, name), "must be a string"));
    return null;
  }

  /** A boolean member, {@code dflt} when absent or null; anything else is a located error. */
  static boolean bool(ObjectNode body, String name, boolean dflt, List<Problem> errors, String prefix) {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      errors.add(new Problem(path(prefix, name), "must be true or false"));
      return dflt;
    }
    return v.booleanValue();
  }

  /** Serializes a response value (records, lists, maps, JSON nodes). */
  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response not serializable", e);
    }
  }

  /** Sends {@code value} as the JSON response with {@code status}. */
  static void send(Context ctx, int status, Object value) {
    ctx.status(status).contentType("application/json").result(write(value).getBytes(StandardCharsets.UTF_8));
  }
}
