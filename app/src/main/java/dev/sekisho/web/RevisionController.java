package dev.sekisho.web;

import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.config.Config;
import dev.sekisho.config.Rule;
import dev.sekisho.diff.ConfigDiff;
import dev.sekisho.diff.TextDiff;
import dev.sekisho.store.Revision;
import dev.sekisho.store.RevisionStore;
import dev.sekisho.store.RevisionSummary;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The history of confirmed applies: the list, one revision, the diff between any two, and rolling back to
 * one. A rollback only makes the revision's configuration the draft and opens the apply preview, so it
 * goes through the same preview, apply and confirmation as any other change.
 */
final class RevisionController {
  private final RevisionStore revisions;
  private final ConfigService config;
  private final Views views;
  private final Times times;
  private final AuditTrail audit;

  RevisionController(RevisionStore revisions, ConfigService config, Views views, Times times, AuditTrail audit) {
    this.audit = audit;
    this.revisions = revisions;
    this.config = config;
    this.views = views;
    this.times = times;
  }

  /** A revision as the pages show it. */
  record Row(long id, String at, String admin, String note, boolean current) {}

  /** One rule of a revision, ready for display. */
  record RuleRow(int position, String title, String description) {}

  /** GET /revisions: newest first, the current one marked, two preselected for comparing. */
  void list(Context ctx) {
    List<RevisionSummary> all = revisions.list();
    Optional<Long> current = revisions.currentId();
    List<Row> rows = all.stream().map(s -> row(s, current)).toList();
    Map<String, Object> model = new HashMap<>();
    model.put("nav", "revisions");
    model.put("rows", rows);
    model.put("to", all.isEmpty() ? 0L : all.get(0).id());
    model.put("from", all.size() < 2 ? (all.isEmpty() ? 0L : all.get(0).id()) : all.get(1).id());
    views.render(ctx, "revisions/list", model);
  }

  /** GET /revisions/{id}: what the revision applied, its ruleset, and the rollback button. */
  void show(Context ctx) {
    Revision r = find(Web.idParam(ctx));
    Config c = r.config();
    List<RuleRow> rules = new ArrayList<>();
    for (int i = 0; i < c.rules().size(); i++) {
      Rule rule = c.rules().get(i);
      rules.add(new RuleRow(i + 1, Lang.text(ConfigDiff.ruleTitleText(rule)),
          Lang.text(ConfigDiff.describeText(c, rule))));
    }
    Map<String, Object> model = new HashMap<>();
    model.put("nav", "revisions");
    model.put("revision", row(r.summary(), revisions.currentId()));
    model.put("interfaces", c.interfaces().stream()
        .map(i -> i.name() + ": " + Lang.text(ConfigDiff.describeText(i))).toList());
    model.put("hosts", c.hosts().stream()
        .map(h -> h.name() + " (#" + h.id() + "): " + Lang.text(ConfigDiff.describeText(h))).toList());
    model.put("rules", rules);
    model.put("settings", ConfigDiff.describeText(c.settings()).entrySet().stream()
        .map(e -> Lang.text(e.getKey()) + ": " + Lang.text(e.getValue())).toList());
    model.put("ruleset", r.ruleset());
    model.put("newest", revisions.list().stream().findFirst().map(RevisionSummary::id).orElse(r.id()));
    views.render(ctx, "revisions/show", model);
  }

  /** GET /revisions/diff?from=&to=: what changed from one revision to the other. */
  void diff(Context ctx) {
    Long fromId = queryId(ctx, "from");
    Long toId = queryId(ctx, "to");
    if (fromId == null || toId == null) {
      views.render(ctx, 400, "error", Map.of("title", Lang.t("revisions.choose_two.title"),
          "text", Lang.t("revisions.choose_two.text")));
      return;
    }
    Revision from = find(fromId);
    Revision to = find(toId);
    Optional<Long> current = revisions.currentId();
    Map<String, Object> model = new HashMap<>();
    model.put("nav", "revisions");
    model.put("from", row(from.summary(), current));
    model.put("to", row(to.summary(), current));
    model.put("changes", DiffView.groups(ConfigDiff.between(from.config(), to.config())));
    model.put("rulesetDiff", TextDiff.unified(from.ruleset(), to.ruleset()));
    views.render(ctx, "revisions/diff", model);
  }

  /**
   * POST /revisions/{id}/rollback: the revision's configuration becomes the draft (refused while an apply
   * waits, like every edit), then the preview shows what applying it would change.
   */
  void rollback(Context ctx) {
    Revision r = find(Web.idParam(ctx));
    try {
      config.replace(r.config());
    } catch (ConfigService.Frozen e) {
      Web.error(ctx, "flash.revision.cannot_roll_back", r.id(), e.getMessage());
      Web.seeOther(ctx, "/revisions/" + r.id());
      return;
    }
    audit.record(ctx, AuditKind.REVISION_ROLLBACK, AuditEvent.OK, "the draft is now revision " + r.id());
    Web.success(ctx, "flash.revision.draft_is", r.id(), times.format(r.appliedAt()));
    Web.seeOther(ctx, "/apply/preview?rollback=" + r.id());
  }

  /** The apply note the preview suggests after a rollback ({@code ?rollback=N}), or empty. */
  static String rollbackNote(Context ctx) {
    Long id = queryId(ctx, "rollback");
    return id == null ? "" : Lang.t("revisions.rollback_note", id);
  }

  private Revision find(Long id) {
    if (id == null) {
      throw new NotFound();
    }
    return revisions.get(id).orElseThrow(NotFound::new);
  }

  private Row row(RevisionSummary s, Optional<Long> current) {
    return new Row(s.id(), times.format(s.appliedAt()), s.admin(), s.note() == null ? "" : s.note(),
        current.isPresent() && current.get() == s.id());
  }

  /** A numeric query parameter, or null when it is missing or not a plain number. */
  private static Long queryId(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isEmpty() || raw.length() > 18 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    return Long.parseLong(raw);
  }
}
