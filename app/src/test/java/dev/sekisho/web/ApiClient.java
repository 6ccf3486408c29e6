package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sekisho.crypto.TestTrust;
import dev.sekisho.crypto.TlsIdentity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A script's view of the REST API, for tests: HTTPS trusting only the appliance's certificate, the key as a
 * bearer header, no cookies. Every answer is checked against the OpenAPI document (the status must be
 * documented for the operation, the body must match its schema), so each API test is also a conformance test.
 */
final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String base;
  String key;
  /** Set to false for requests the document must not describe (unknown routes). */
  boolean conform = true;
  /** Every operation this client called, as "METHOD /template", for the coverage check. */
  static final List<String> CALLED = java.util.Collections.synchronizedList(new ArrayList<>());

  /** A reply. */
  record Reply(int status, String body, HttpResponse<String> response) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    /** The problem's type's last segment ("invalid"). */
    String problem() {
      assertEquals("application/problem+json", header("Content-Type"), body);
      String t = json().get("type").textValue();
      return t.substring(t.lastIndexOf('/') + 1);
    }

    /** The located errors as "path: message". */
    List<String> errors() {
      List<String> out = new ArrayList<>();
      json().path("errors").forEach(e -> out.add(e.get("path").textValue() + ": " + e.get("message").textValue()));
      return out;
    }
  }

  ApiClient(int port, TlsIdentity trust, String key) {
    this.base = "https://127.0.0.1:" + port;
    this.http = TestTrust.client(trust).connectTimeout(Duration.ofSeconds(5)).build();
    this.key = key;
  }

  Reply get(String path) {
    return send("GET", path, null);
  }

  Reply delete(String path) {
    return send("DELETE", path, null);
  }

  Reply post(String path, Object body) {
    return send("POST", path, body);
  }

  Reply put(String path, Object body) {
    return send("PUT", path, body);
  }

  /** Sends {@code body} (a JSON value, a raw string, or null) as application/json. */
  Reply send(String method, String path, Object body) {
    String text = body == null ? null : body instanceof String s ? s : write(body);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    if (text != null) {
      b.header("Content-Type", "application/json");
    }
    return send(b.method(method, text == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(text)), method, path);
  }

  /** Sends a prepared request (extra headers, other bodies); the key is added when set. */
  Reply send(HttpRequest.Builder b, String method, String path) {
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      Reply reply = new Reply(r.statusCode(), r.body(), r);
      assertNull(r.headers().firstValue("Set-Cookie").orElse(null), "the API never sets a cookie");
      if (conform) {
        String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String t = OpenApiDoc.INSTANCE.template(p);
        CALLED.add(method + " " + t);
        String wrong = OpenApiDoc.INSTANCE.checkResponse(method, path, r.statusCode(),
            r.headers().firstValue("Content-Type").orElse(null), r.body());
        assertNull(wrong, wrong);
      }
      return reply;
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
  }

  static String write(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
