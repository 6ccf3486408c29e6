package dev.sekisho.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sekisho.config.Problem;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * An API error as an RFC 9457 problem details document ({@code application/problem+json}): {@code type} (a
 * stable URI naming the kind of problem), {@code title}, {@code status}, {@code detail}, and for validation
 * errors {@code errors}: the located problems as {path, message}, with the same paths
 * ({@code rules[3].ports}) and messages the panel's forms show. Thrown from an API handler, it ends the
 * request with exactly that answer ({@link ApiRoutes} catches it).
 */
final class ApiProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The base of every problem type; the last segment says what went wrong. */
  static final String TYPE = "https://sekisho.dev/problems/";
  /** The problem kinds and their titles; the OpenAPI document lists the same. */
  static final Map<String, String> TITLES = Map.ofEntries(
      Map.entry("unauthorized", "Missing or wrong API key"),
      Map.entry("forbidden", "The API key's scope does not allow this"),
      Map.entry("throttled", "Too many wrong API keys"),
      Map.entry("not-found", "No such item"),
      Map.entry("no-such-route", "No such API route"),
      Map.entry("method-not-allowed", "Method not allowed"),
      Map.entry("invalid", "The request has errors"),
      Map.entry("bad-json", "The body is not acceptable JSON"),
      Map.entry("too-large", "The body is too large"),
      Map.entry("unsupported-media-type", "The body must be JSON"),
      Map.entry("apply-waiting", "An apply is waiting for confirmation"),
      Map.entry("draft-changed", "The configuration changed after the preview"),
      Map.entry("conflict", "The request conflicts with the current state"),
      Map.entry("old-connection", "The confirmation came over a connection opened before the apply"),
      Map.entry("wrong-token", "The confirmation token does not belong to the waiting apply"),
      Map.entry("gone", "Nothing is waiting for confirmation"),
      Map.entry("apply-failed", "The apply was refused"),
      Map.entry("busy", "The appliance is busy"),
      Map.entry("internal", "Internal error"));

  final int status;
  final String kind;
  final String detail;
  final transient List<Problem> errors;
  /** Seconds for a Retry-After header, or 0 for none. */
  final long retryAfter;

  ApiProblem(int status, String kind, String detail) {
    this(status, kind, detail, List.of(), 0);
  }

  ApiProblem(int status, String kind, String detail, List<Problem> errors, long retryAfter) {
    super(kind + ": " + detail, null, false, false);
    if (!TITLES.containsKey(kind)) {
      throw new IllegalArgumentException("unknown problem kind " + kind);
    }
    this.status = status;
    this.kind = kind;
    this.detail = detail;
    this.errors = List.copyOf(errors);
    this.retryAfter = retryAfter;
  }

  /** 400 with located errors. */
  static ApiProblem invalid(String detail, List<Problem> errors) {
    return new ApiProblem(400, "invalid", detail, errors, 0);
  }

  /** 404. */
  static ApiProblem notFound(String what) {
    return new ApiProblem(404, "not-found", what);
  }

  /** The problem document. */
  ObjectNode body() {
    ObjectNode n = ApiJson.MAPPER.createObjectNode();
    n.put("type", TYPE + kind);
    n.put("title", TITLES.get(kind));
    n.put("status", status);
    n.put("detail", detail);
    if (!errors.isEmpty()) {
      ArrayNode a = n.putArray("errors");
      for (Problem p : errors) {
        a.addObject().put("path", p.path()).put("message", p.message());
      }
    }
    return n;
  }

  /** Sends this problem as the response. */
  void send(Context ctx) {
    if (retryAfter > 0) {
      ctx.header("Retry-After", Long.toString(retryAfter));
    }
    if (status == 401) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"sekisho\"");
    }
    // Bytes, not a String: Jetty assumes UTF-8 for application/json but ISO-8859-1 for this type, which would
    // turn every character beyond it into "?".
    ctx.status(status).contentType("application/problem+json").result(ApiJson.write(body())
        .getBytes(StandardCharsets.UTF_8));
  }
}
