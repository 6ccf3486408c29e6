package dev.sekisho.web;

import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.store.ApiKey;
import dev.sekisho.web.auth.LoginThrottle;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Optional;

/**
 * The gate of every {@code /api/} request, run by {@link Guard} instead of its session, login and CSRF checks:
 * the API reads no cookie and sets none, so a browser's ambient credentials count for nothing here and there is
 * no CSRF surface; the only credential is an API key in {@code Authorization: Bearer}. Keys are never accepted
 * from the URL (they would end up in logs and histories).
 *
 * <p>Wrong keys are throttled by the login throttle itself (the same per-client and global counts and
 * lock-outs): a wrong key is counted atomically, and while the client is locked out every request, with a
 * right key or a wrong one, gets 429, so a guess is never answered. A right key neither counts nor clears the
 * client's failures (else a read key could be used to reset the count while guessing a write key). Then the
 * scope: GET and HEAD need {@code read}, every other method {@code write}.
 */
final class ApiGuard {
  /** Request attribute holding the request's {@link ApiKey}. */
  static final String KEY_ATTR = "sekisho.apikey";
  /** The one API path readable without a key: the OpenAPI description (no secrets in it). */
  static final String OPENAPI = "/api/openapi.json";

  private final ApiKeys keys;
  private final LoginThrottle throttle;
  private final AuditTrail audit;

  ApiGuard(ApiKeys keys, LoginThrottle throttle, AuditTrail audit) {
    this.keys = keys;
    this.throttle = throttle;
    this.audit = audit;
  }

  /** True for the paths this guard answers for. */
  static boolean isApi(String path) {
    return path.equals("/api") || path.startsWith("/api/");
  }

  /** The key of this API request, or null before the guard admitted it. */
  static ApiKey key(Context ctx) {
    return ctx.attribute(KEY_ATTR);
  }

  void handle(Context ctx) {
    if (ctx.path().equals(OPENAPI)) {
      return;
    }
    ApiProblem refusal = refusal(ctx);
    if (refusal != null) {
      refusal.send(ctx);
      ctx.skipRemainingHandlers();
    }
  }

  private ApiProblem refusal(Context ctx) {
    String auth = ctx.header("Authorization");
    if (auth == null || auth.isBlank()) {
      return new ApiProblem(401, "unauthorized", "send an API key as 'Authorization: Bearer <key>'; keys are "
          + "created under Settings → API keys");
    }
    String client = ctx.ip();
    String key = auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : null;
    ApiKeys.Check check = keys.check(key);
    if (!check.ok()) {
      Optional<Duration> locked = throttle.reserve(client);
      if (locked.isPresent()) {
        audit.record(ctx, "-", AuditKind.API_KEY_WRONG, AuditEvent.REFUSED, "API request refused while locked out");
        return locked(locked.get());
      }
      audit.record(ctx, "-", AuditKind.API_KEY_WRONG, AuditEvent.FAILED, check.refusal() + " at " + ctx.method()
          + " " + ctx.path());
      return new ApiProblem(401, "unauthorized", "the API key is wrong, unknown or revoked");
    }
    Optional<Duration> locked = throttle.lockedFor(client);
    if (locked.isPresent()) {
      return locked(locked.get());
    }
    ctx.attribute(KEY_ATTR, check.key());
    String method = ctx.req().getMethod();
    boolean reading = "GET".equals(method) || "HEAD".equals(method);
    if (!reading && check.key().scope() != ApiKey.Scope.WRITE) {
      return new ApiProblem(403, "forbidden", "the key '" + check.key().name() + "' is read-only; " + method
          + " needs a key with the write scope");
    }
    return null;
  }

  private static ApiProblem locked(Duration wait) {
    long s = LoginController.seconds(wait);
    return new ApiProblem(429, "throttled", "too many wrong keys or passwords from this address; try again in "
        + s + " seconds", java.util.List.of(), s);
  }
}
