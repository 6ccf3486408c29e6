package dev.sekisho.web;

import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.store.ApiKey;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings → API keys: the list (name, scope, created, last used, revoked), creating a key (after the current
 * password again, like every sensitive action; the key is shown in this one response only) and revoking one.
 */
final class ApiKeysController {
  private final ApiKeys keys;
  private final PasswordCheck reauth;
  private final Views views;
  private final Times times;
  private final AuditTrail audit;

  ApiKeysController(ApiKeys keys, PasswordCheck reauth, Views views, Times times, AuditTrail audit) {
    this.keys = keys;
    this.reauth = reauth;
    this.views = views;
    this.times = times;
    this.audit = audit;
  }

  /** One table row, in display form. */
  record Row(long id, String name, String scope, String keyId, String createdAt, String lastUsedAt,
      String revokedAt) {}

  /** GET /settings/api-keys. */
  void show(Context ctx) {
    render(ctx, 200, new Form(), null);
  }

  /** POST /settings/api-keys: name, scope, currentPassword. */
  void create(Context ctx) {
    Form f = Form.posted(ctx, "name", "scope");
    String name = f.value("name").strip();
    if (!ApiKeys.NAME.matcher(name).matches()) {
      f.reject("name", Lang.t("problem.apikey.name"));
    }
    ApiKey.Scope scope = ApiKey.Scope.parse(f.value("scope"));
    if (scope == null) {
      f.reject("scope", Lang.t("problem.apikey.scope"));
    }
    if (f.hasErrors()) {
      render(ctx, 400, f, null);
      return;
    }
    // A key is a lasting credential: a stolen session alone must not be able to mint one.
    String refusal = reauth.refusal(ctx);
    if (refusal != null) {
      f.reject(PasswordCheck.FIELD, refusal);
      render(ctx, ctx.statusCode() >= 400 ? ctx.statusCode() : 400, f, null);
      return;
    }
    ApiKeys.Created c = keys.create(name, scope);
    audit.record(ctx, AuditKind.API_KEY_CREATED, AuditEvent.OK, "API key '" + name + "' (" + scope.label()
        + ", id " + c.stored().keyId() + ") created");
    // Rendered, not redirected: the key must not wait in a session for a second request.
    render(ctx, 200, new Form(), c);
  }

  /** POST /settings/api-keys/{id}/revoke: the key stops working at once. */
  void revoke(Context ctx) {
    long id = Web.requireId(ctx);
    ApiKey k = keys.revoke(id).orElseThrow(NotFound::new);
    audit.record(ctx, AuditKind.API_KEY_REVOKED, AuditEvent.OK, "API key '" + k.name() + "' (id " + k.keyId()
        + ") revoked");
    Web.success(ctx, "flash.apikey.revoked", k.name());
    Web.seeOther(ctx, "/settings/api-keys");
  }

  private void render(Context ctx, int status, Form f, ApiKeys.Created created) {
    List<Row> rows = keys.list().stream().map(k -> new Row(k.id(), k.name(), k.scope().label(), k.keyId(),
        times.format(k.createdAt()), format(k.lastUsedAt()),
        format(k.revokedAt()))).toList();
    Map<String, Object> model = new HashMap<>();
    model.put("nav", "settings");
    model.put("keys", rows);
    model.put("form", f);
    model.put("created", created == null ? null : created.key());
    model.put("createdName", created == null ? "" : created.stored().name());
    views.render(ctx, status, "settings/api-keys", model);
  }

  private String format(Instant t) {
    return t == null ? "" : times.format(t);
  }
}
