package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.router.ParsedEndpoint;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code /api/openapi.json} true: it is valid OpenAPI 3.1, it names exactly the {@code /api/v1} routes
 * registered in the running server's Javalin router, and every example in it matches its schema. (Real
 * responses are checked against it by {@link ApiClient} in every API test.)
 */
class OpenApiTest extends WebTestBase {
  private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

  @Test
  void theDocumentIsValidOpenApi31() {
    ParseOptions o = new ParseOptions();
    o.setResolve(true);
    SwaggerParseResult r = new OpenAPIParser().readContents(OpenApiDoc.INSTANCE.text, null, o);
    assertNotNull(r.getOpenAPI(), String.valueOf(r.getMessages()));
    assertEquals(List.of(), r.getMessages() == null ? List.of() : r.getMessages(), "no parser complaints");
    assertEquals("3.1.0", r.getOpenAPI().getOpenapi());
    assertTrue(r.getOpenAPI().getComponents().getSchemas().containsKey("Problem"));
  }

  @Test
  void theDocumentedRoutesAreExactlyTheRegisteredOnes() {
    Set<String> registered = new TreeSet<>();
    for (ParsedEndpoint e : h.appliance.web().unsafe.internalRouter.allHttpHandlers()) {
      String method = e.endpoint.method.name().toLowerCase(Locale.ROOT);
      if (e.endpoint.path.startsWith("/api/v1/") && METHODS.contains(method)) {
        registered.add(method.toUpperCase(Locale.ROOT) + " " + e.endpoint.path);
      }
    }
    assertEquals(documented(), registered);
    assertTrue(registered.size() >= 40, registered.toString());
    System.out.println("[openapi] " + registered.size() + " routes documented and registered: " + registered);
  }

  static Set<String> documented() {
    Set<String> out = new TreeSet<>();
    JsonNode paths = OpenApiDoc.INSTANCE.root.get("paths");
    for (Iterator<String> it = paths.fieldNames(); it.hasNext();) {
      String p = it.next();
      for (Iterator<String> ms = paths.get(p).fieldNames(); ms.hasNext();) {
        String m = ms.next();
        if (METHODS.contains(m)) {
          out.add(m.toUpperCase(Locale.ROOT) + " " + p);
        }
      }
    }
    return out;
  }

  @Test
  void everyExampleMatchesItsSchema() {
    OpenApiDoc doc = OpenApiDoc.INSTANCE;
    List<String> checked = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    examples(doc.root, "", checked, wrong);
    assertTrue(checked.size() >= 25, "examples checked: " + checked);
    assertEquals(List.of(), wrong);
  }

  /** Walks the document; every media type object with examples has each checked against its schema. */
  private static void examples(JsonNode n, String pointer, List<String> checked, List<String> wrong) {
    if (n.isObject()) {
      if (n.has("schema") && n.has("examples")) {
        for (Map.Entry<String, JsonNode> e : n.get("examples").properties()) {
          var errors = OpenApiDoc.INSTANCE.validate(pointer + "/schema", e.getValue().get("value"));
          checked.add(pointer + " " + e.getKey());
          if (!errors.isEmpty()) {
            wrong.add(pointer + " " + e.getKey() + ": " + errors);
          }
        }
      }
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        examples(e.getValue(), pointer + "/" + OpenApiDoc.seg(e.getKey()), checked, wrong);
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        examples(n.get(i), pointer + "/" + i, checked, wrong);
      }
    }
  }

  @Test
  void theResponseCheckRejectsWhatTheDocumentDoesNotSay() {
    OpenApiDoc doc = OpenApiDoc.INSTANCE;
    String rule = "{\"id\":1,\"position\":1,\"source\":null,\"sourceName\":\"All LAN hosts\",\"destination\":\"any\","
        + "\"protocol\":\"tcp\",\"ports\":\"80\",\"action\":\"deny\",\"log\":false,\"comment\":\"\",\"enabled\":true,"
        + "\"sourceGroup\":null,\"destinationList\":null,\"service\":null,\"schedule\":null,\"destinationDomain\":null}";
    assertEquals(null, doc.checkResponse("GET", "/api/v1/rules/1", 200, "application/json", rule));
    assertNotNull(doc.checkResponse("GET", "/api/v1/rules/1", 200, "application/json",
        rule.replace("\"deny\"", "\"drop\"")), "an action the schema does not list");
    assertNotNull(doc.checkResponse("GET", "/api/v1/rules/1", 200, "application/json",
        rule.replace("}", ",\"extra\":1}")), "an undocumented member");
    assertNotNull(doc.checkResponse("GET", "/api/v1/rules/1", 418, "application/json", rule), "undocumented status");
    assertNotNull(doc.checkResponse("GET", "/api/v1/rules/1", 404, "application/json", rule), "wrong media type");
    assertNotNull(doc.checkResponse("PATCH", "/api/v1/rules/1", 200, "application/json", rule));
    assertFalse(doc.validate("/components/schemas/Problem", ApiClient.JSON.createObjectNode()).isEmpty());
  }
}
