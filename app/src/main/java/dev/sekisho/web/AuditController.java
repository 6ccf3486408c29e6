package dev.sekisho.web;

import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.store.AuditPage;
import dev.sekisho.store.AuditQuery;
import dev.sekisho.store.AuditStore;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit log page: newest first, filtered by kind, free text (user, address, detail) and a time range in
 * the appliance's zone, paginated by the database. Everything is shown as text (Thymeleaf escapes it), so a
 * hostile user name typed at the login form is displayed, never run.
 */
final class AuditController {
  /** Events per page. */
  static final int PAGE_SIZE = 50;

  private final AuditStore store;
  private final Views views;
  private final Times times;

  AuditController(AuditStore store, Views views, Times times) {
    this.store = store;
    this.views = views;
    this.times = times;
  }

  /** One row as shown. */
  record Row(String at, String user, String source, String kind, String outcome, String detail) {}

  /** GET /audit?kind=&amp;q=&amp;from=&amp;to=&amp;page=. */
  void page(Context ctx) {
    Map<String, Object> model = new HashMap<>();
    List<String> errors = new ArrayList<>();
    String kindParam = param(ctx, "kind");
    AuditKind kind = null;
    if (!kindParam.isEmpty()) {
      kind = Arrays.stream(AuditKind.values()).filter(k -> k.label().equals(kindParam)).findFirst().orElse(null);
      if (kind == null) {
        errors.add(Lang.t("audit.error.kind"));
      }
    }
    String text = param(ctx, "q");
    String fromParam = param(ctx, "from");
    String toParam = param(ctx, "to");
    Instant from = time(fromParam, Lang.t("audit.from"), errors);
    Instant to = time(toParam, Lang.t("audit.to"), errors);
    int page = 0;
    try {
      page = Math.max(0, Math.min(1_000_000, Integer.parseInt(param(ctx, "page").isEmpty() ? "0"
          : param(ctx, "page"))));
    } catch (NumberFormatException e) {
      errors.add(Lang.t("audit.error.page"));
    }
    AuditPage found = store.find(new AuditQuery(kind, text, from, to), page, PAGE_SIZE);
    model.put("nav", "audit");
    model.put("rows", found.events().stream().map(this::row).toList());
    model.put("kinds", Arrays.stream(AuditKind.values()).map(AuditKind::label).toList());
    model.put("kind", kind == null ? "" : kind.label());
    model.put("q", text);
    model.put("from", from == null ? "" : fromParam);
    model.put("to", to == null ? "" : toParam);
    String filter = query("kind", kind == null ? "" : kind.label()) + query("q", text == null ? "" : text)
        + query("from", from == null ? "" : fromParam) + query("to", to == null ? "" : toParam);
    model.put("newer", "/audit?" + filter + "page=" + (found.page() - 1));
    model.put("older", "/audit?" + filter + "page=" + (found.page() + 1));
    model.put("page", found.page());
    model.put("pages", found.pages());
    model.put("total", found.total());
    model.put("pruned", store.pruned());
    model.put("bound", store.bound());
    model.put("errors", errors);
    model.put("zone", times.zone().getId());
    views.render(ctx, "audit/list", model);
  }

  private Row row(AuditEvent e) {
    // The kind and outcome in the reader's words; the detail is kept as recorded (English, like the journal).
    String outcome = switch (e.outcome()) {
      case AuditEvent.OK, AuditEvent.FAILED, AuditEvent.REFUSED -> Lang.t("audit.outcome." + e.outcome());
      default -> e.outcome();
    };
    return new Row(times.format(e.at()), e.user(), e.source(), Lang.t("audit.kind." + e.kind().label()), outcome,
        e.detail());
  }

  private Instant time(String value, String label, List<String> errors) {
    if (value.isEmpty()) {
      return null;
    }
    try {
      return LocalDateTime.parse(value).atZone(times.zone()).toInstant();
    } catch (DateTimeParseException e) {
      errors.add(Lang.t("audit.error.time", label));
      return null;
    }
  }

  private static String query(String name, String value) {
    return value.isEmpty() ? "" : name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8) + "&";
  }

  private static String param(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null ? "" : v.strip();
  }
}
