package dev.sekisho.web;

import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.capture.FlowSource;
import dev.sekisho.config.Problem;
import dev.sekisho.store.AuditPage;
import dev.sekisho.store.AuditQuery;
import dev.sekisho.store.AuditStore;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API's views of what happens: live flows and blocked packets with the flows page's own server-side
 * filter ({@link FlowFilter}: a filter that cannot be understood is a 400 at its parameter, never everything),
 * and the audit log with the audit page's query.
 */
final class ApiReadHandlers {
  /** Events per page of the audit log. */
  static final int AUDIT_PAGE = 50;

  private final ConfigService config;
  private final FlowSource flows;
  private final Times times;
  private final AuditStore audit;

  ApiReadHandlers(ConfigService config, FlowSource flows, Times times, AuditStore audit) {
    this.config = config;
    this.flows = flows;
    this.times = times;
    this.audit = audit;
  }

  /** GET /api/v1/flows?host=&amp;address=&amp;port=&amp;protocol=&amp;q=&amp;sort=&amp;limit=&amp;page=. */
  void flows(Context ctx) {
    ApiJson.send(ctx, 200, view(ctx));
  }

  /** GET /api/v1/blocked: the latest packets dropped by logged deny and reject rules. */
  void blocked(Context ctx) {
    LiveView v = view(ctx);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("blockedLog", v.blockedLog());
    out.put("blocked", v.blocked());
    out.put("blockedCounters", v.blockedCounters());
    ApiJson.send(ctx, 200, out);
  }

  private LiveView view(Context ctx) {
    FlowFilter filter = FlowFilter.from(ctx);
    if (filter.form().hasErrors()) {
      throw ApiConfigHandlers.invalid(filter.form(), "");
    }
    return LiveView.build(flows, config.load(), filter, times);
  }

  /** GET /api/v1/audit?kind=&amp;q=&amp;from=&amp;to=&amp;page= (times as ISO-8601 instants), newest first. */
  void audit(Context ctx) {
    List<Problem> errors = new ArrayList<>();
    String kindParam = param(ctx, "kind");
    AuditKind kind = null;
    if (!kindParam.isEmpty()) {
      kind = Arrays.stream(AuditKind.values()).filter(k -> k.label().equals(kindParam)).findFirst().orElse(null);
      if (kind == null) {
        errors.add(new Problem("kind", "unknown event kind"));
      }
    }
    Instant from = instant(ctx, "from", errors);
    Instant to = instant(ctx, "to", errors);
    int page = 0;
    String p = param(ctx, "page");
    if (!p.isEmpty()) {
      if (p.matches("[0-9]{1,6}")) {
        page = Integer.parseInt(p);
      } else {
        errors.add(new Problem("page", "must be a page number from 0"));
      }
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid("the query has errors", errors);
    }
    String text = param(ctx, "q");
    AuditPage found = audit.find(new AuditQuery(kind, text.isEmpty() ? null : text, from, to), page, AUDIT_PAGE);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("total", found.total());
    out.put("page", found.page());
    out.put("pages", found.pages());
    out.put("pruned", audit.pruned());
    out.put("events", found.events().stream().map(ApiReadHandlers::event).toList());
    ApiJson.send(ctx, 200, out);
  }

  private static Map<String, Object> event(AuditEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", e.at().toString());
    m.put("user", e.user());
    m.put("source", e.source());
    m.put("kind", e.kind().label());
    m.put("outcome", e.outcome());
    m.put("detail", e.detail());
    return m;
  }

  private static Instant instant(Context ctx, String name, List<Problem> errors) {
    String v = param(ctx, name);
    if (v.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      errors.add(new Problem(name, "must be a time such as 2026-11-25T18:30:00Z"));
      return null;
    }
  }

  private static String param(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null ? "" : v.strip();
  }
}
