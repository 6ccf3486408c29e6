package dev.sekisho.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The checked-in OpenAPI document, for tests: finds the operation of a request by method and concrete path,
 * and validates a JSON value against the schema at any JSON pointer of the document (JSON Schema 2020-12, the
 * dialect of OpenAPI 3.1, with the networknt validator; {@code $ref}s resolve inside the document).
 */
final class OpenApiDoc {
  static final String URI = "https://sekisho.test/openapi.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  static final OpenApiDoc INSTANCE = new OpenApiDoc();

  final String text;
  final JsonNode root;
  private final JsonSchemaFactory factory;
  private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

  private OpenApiDoc() {
    try (InputStream in = OpenApiDoc.class.getResourceAsStream(ApiRoutes.OPENAPI_RESOURCE)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      root = JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
        b -> b.schemaLoaders(l -> l.schemas(Map.of(URI, text))));
  }

  /** The escaped JSON pointer segment of {@code s} (RFC 6901). */
  static String seg(String s) {
    return s.replace("~", "~0").replace("/", "~1");
  }

  /** The path template of the document matching {@code path} (without query), or null. */
  String template(String path) {
    for (Iterator<String> it = root.get("paths").fieldNames(); it.hasNext();) {
      String t = it.next();
      if (path.equals(t)) {
        return t;
      }
    }
    for (Iterator<String> it = root.get("paths").fieldNames(); it.hasNext();) {
      String t = it.next();
      String regex = t.replaceAll("\\{[^/]+}", "[^/]+");
      if (path.matches(regex)) {
        return t;
      }
    }
    return null;
  }

  /** Errors of {@code value} against the schema at {@code pointer} ("/components/schemas/Rule"); empty: valid. */
  Set<ValidationMessage> validate(String pointer, JsonNode value) {
    JsonSchema s = schemas.computeIfAbsent(pointer, p -> factory.getSchema(SchemaLocation.of(URI + "#" + p)));
    return s.validate(value);
  }

  /**
   * Checks a real response: the operation must exist, the status must be documented for it, and the body must
   * match the documented media type's schema. Returns null when all is well, else what is wrong.
   */
  String checkResponse(String method, String pathAndQuery, int status, String contentType, String body) {
    String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
    String t = template(path);
    if (t == null) {
      return "no documented path for " + path;
    }
    String m = method.toLowerCase(Locale.ROOT);
    JsonNode op = root.get("paths").get(t).get(m);
    if (op == null) {
      return "no documented operation " + method + " " + t;
    }
    String pointer = "/paths/" + seg(t) + "/" + m + "/responses/" + status;
    JsonNode resp = op.get("responses").get(Integer.toString(status));
    if (resp == null) {
      return "status " + status + " is not documented for " + method + " " + t;
    }
    if (resp.has("$ref")) {
      pointer = resp.get("$ref").textValue().substring(1);
      resp = at(pointer);
    }
    JsonNode content = resp.get("content");
    if (content == null) {
      return body == null || body.isEmpty() ? null : "a body where none is documented: " + body;
    }
    String type = contentType == null ? "" : contentType.split(";")[0].strip();
    if (!content.has(type)) {
      return "media type " + type + " is not documented for " + status + " of " + method + " " + t;
    }
    JsonNode value;
    try {
      value = JSON.readTree(body);
    } catch (IOException e) {
      return "not JSON: " + body;
    }
    Set<ValidationMessage> errors = validate(pointer + "/content/" + seg(type) + "/schema", value);
    return errors.isEmpty() ? null : "the " + status + " of " + method + " " + t + " does not match its schema: "
        + errors + " in " + body;
  }

  /** The node at a JSON pointer of the document. */
  JsonNode at(String pointer) {
    return root.at(pointer);
  }
}
