package dev.sekisho.web;

import dev.sekisho.config.Config;
import dev.sekisho.config.Explain;
import dev.sekisho.config.Explanation;
import dev.sekisho.config.Explanation.Code;
import dev.sekisho.config.Explanation.Reason;
import dev.sekisho.config.Explanation.RuleCheck;
import dev.sekisho.config.Explanation.RuleOutcome;
import dev.sekisho.config.FirstMatch;
import dev.sekisho.config.Host;
import dev.sekisho.config.Problem;
import dev.sekisho.config.Rule;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * "Why is this blocked?": a read-only GET form for one new connection, and what the gateway does with it in
 * words: the verdict, the deciding step (linked to the rule when a rule decides) and every earlier rule with
 * why it did not match. The engine ({@code config/Explain}) returns codes; this page only words them.
 */
final class ExplainController {
  private final ConfigService config;
  private final ApplyFlow flow;
  private final Views views;
  private final dev.sekisho.dns.DomainLearner domains;

  ExplainController(ConfigService config, ApplyFlow flow, Views views) {
    this(config, flow, views, null);
  }

  /** With the DNS forwarder's learner (null when there is none): domain rules are explained by their answers. */
  ExplainController(ConfigService config, ApplyFlow flow, Views views, dev.sekisho.dns.DomainLearner domains) {
    this.config = config;
    this.flow = flow;
    this.views = views;
    this.domains = domains;
  }

  /** One choice of a select. */
  record Option(String value, String label) {}

  /**
   * The explanation in display form.
   *
   * @param connection the connection explained, in short: "laptop (192.168.1.20) → 203.0.113.10 tcp 443"
   * @param verdict {@code accept}, {@code drop} or {@code reject} (a CSS suffix and a test hook)
   * @param verdictLabel the verdict in words
   * @param verdictNote what the client sees
   * @param decision the deciding step in words
   * @param ruleId the deciding rule's id, or 0 when no rule decides
   * @param ruleHref the deciding rule in the rule list, empty when it is not in the draft
   * @param editHref its edit form, empty when it is not in the draft
   * @param handover towards the gateway: the allow rule that handed over to the gateway's services, or empty
   * @param against which configuration was explained, in words
   * @param rows the rules considered
   * @param domainNotes for each domain rule considered: which answer put the destination into its set, or that
   *     none did
   */
  record Result(String connection, String verdict, String verdictLabel, String verdictNote, String decision, long ruleId,
      String ruleHref, String editHref, String handover, String against, List<Row> rows, List<String> domainNotes) {}

  /**
   * One rule as considered.
   *
   * @param position its 1-based place
   * @param ruleId its id
   * @param href the rule in the rule list, empty when it is not in the draft
   * @param comment its comment
   * @param action its action label ({@code allow}, ...)
   * @param summary what it matches, in short
   * @param outcome the outcome code in lower case (a CSS suffix and a test hook)
   * @param outcomeText why it did not match, or that it matches
   */
  record Row(int position, long ruleId, String href, String comment, String action, String summary, String outcome,
      String outcomeText) {}

  /** GET /explain: the form, and the explanation once the form's fields are all in the query. */
  void page(Context ctx) {
    Form f = new Form().set("protocol", "tcp").set("direction", "forward").set("config", ExplainQuery.APPLIED);
    for (String name : ExplainQuery.FIELDS) {
      f.set(name, ctx.queryParam(name));
    }
    Config draft = config.load();
    Map<String, Object> model = new HashMap<>();
    model.put("nav", "explain");
    model.put("form", f);
    model.put("hosts", draft.hosts().stream()
        .map(h -> new Option("#" + h.id(), h.name() + " (" + h.ip() + ")")).toList());
    model.put("result", null);
    model.put("nothingApplied", false);
    int status = 200;
    // A prefilled link may leave fields for the admin to fill in; the form itself always sends them all.
    boolean asked = List.of("source", "destination", "protocol", "port", "direction").stream()
        .allMatch(n -> ctx.queryParam(n) != null);
    if (asked) {
      ExplainQuery.Answer a = ExplainQuery.run(() -> draft, flow::current, ctx::queryParam, flow.now(), flow::usedUp,
          domains == null ? dev.sekisho.config.FirstMatch.Learned.NOTHING : domains);
      for (Problem p : a.problems()) {
        f.reject(ExplainQuery.FIELDS.contains(p.path()) ? p.path() : Form.GENERAL, Lang.text(p.text()));
      }
      if (!a.problems().isEmpty()) {
        status = 400;
      } else if (a.nothingApplied()) {
        model.put("nothingApplied", true);
      } else {
        model.put("result", result(a, draft, f, domains));
      }
    }
    views.render(ctx, status, "explain/show", model);
  }

  private static Result result(ExplainQuery.Answer a, Config draft, Form f, dev.sekisho.dns.DomainLearner domains) {
    Config c = a.config();
    Explanation e = a.explanation();
    String verdict = e.verdict().name().toLowerCase(Locale.ROOT);
    Reason r = e.decidedBy();
    long ruleId = r.code() == Code.RULE_DECIDES ? Long.parseLong(r.args().get(0)) : 0;
    boolean inDraft = ruleId != 0 && draft.rule(ruleId).isPresent();
    List<Row> rows = new ArrayList<>();
    String handover = "";
    for (RuleCheck check : e.rules()) {
      Rule rule = c.rule(check.ruleId()).orElse(null);
      String outcome = check.outcome().name().toLowerCase(Locale.ROOT);
      rows.add(new Row(check.position(), check.ruleId(), draft.rule(check.ruleId()).isPresent()
          ? ruleHref(check.ruleId()) : "", rule == null ? "" : rule.comment().text(),
          rule == null ? "" : rule.action().label(), rule == null ? "" : summary(c, rule), outcome,
          Lang.t("explain.outcome." + outcome)));
      if (check.outcome() == RuleOutcome.MATCHED && r.code() != Code.RULE_DECIDES) {
        handover = Lang.t("explain.allow_handover", check.ruleId());
      }
    }
    return new Result(connection(c, a.query()), verdict, Lang.t("explain.verdict." + verdict), Lang.t("explain.verdict_note." + verdict),
        decision(c, r, f), ruleId, inDraft ? ruleHref(ruleId) : "", inDraft ? "/rules/" + ruleId + "/edit" : "",
        handover, Lang.t(ExplainQuery.DRAFT.equals(a.target()) ? "explain.against.draft" : "explain.against.applied"),
        rows, domainNotes(c, e, a.query(), domains));
  }

  /** For each domain rule considered: the answer that put the destination into its set, or that none did. */
  static List<String> domainNotes(Config c, Explanation e, Explain.Query q,
      dev.sekisho.dns.DomainLearner domains) {
    List<String> notes = new ArrayList<>();
    for (RuleCheck check : e.rules()) {
      Rule rule = c.rule(check.ruleId()).orElse(null);
      // a rule's own domain, or the names of its address list
      String names = rule == null ? "" : String.join(", ", c.domainsOf(rule).stream().map(Object::toString).toList());
      if (names.isEmpty() || check.outcome() == RuleOutcome.SKIPPED_DISABLED) {
        continue;
      }
      var learned = domains == null ? java.util.Optional.<dev.sekisho.dns.DomainLearner.Learned>empty()
          : domains.why(rule.id(), q.dst());
      notes.add(learned.map(l -> Lang.t("explain.domain.learned", rule.id(), names,
          q.dst().toString(), l.asked(), l.chain(), l.ttl(), l.timeout(), l.at().toString()))
          .orElseGet(() -> Lang.t("explain.domain.not_learned", rule.id(), names, q.dst().toString())));
    }
    return notes;
  }

  /** The connection in short, with the inventory's name for its source and the MAC it came from when given. */
  private static String connection(Config c, Explain.Query q) {
    String src = c.hosts().stream().filter(h -> h.ip().equals(q.src())).findFirst()
        .map(h -> h.name() + " (" + q.src() + ")").orElse(q.src().toString());
    StringBuilder s = new StringBuilder(src);
    if (q.srcMac() != null) {
      s.append(' ').append(q.srcMac());
    }
    s.append(" → ").append(q.dst()).append(' ').append(switch (q.protocol()) {
      case FirstMatch.TCP -> "tcp";
      case FirstMatch.UDP -> "udp";
      default -> "icmp";
    });
    if (q.port() > 0) {
      s.append(' ').append(q.port());
    }
    String direction = switch (q.direction()) {
      case FORWARD -> "forward";
      case TO_GATEWAY -> "gateway";
      case FROM_WAN -> "wan";
    };
    return s.append(" · ").append(Lang.t("explain.direction." + direction)).toString();
  }

  /** The rule's row in the rule list (its anchor). */
  static String ruleHref(long id) {
    return "/rules#rule-" + id;
  }

  /** The deciding step in words. */
  static String decision(Config c, Reason r, Form f) {
    List<String> a = r.args();
    return switch (r.code()) {
      case RULE_DECIDES -> {
        long id = Long.parseLong(a.get(0));
        String comment = c.rule(id).map(x -> x.comment().text()).orElse("");
        String action = Lang.t("action." + a.get(2));
        yield comment.isEmpty() ? Lang.t("explain.decided.rule", id, a.get(1), action)
            : Lang.t("explain.decided.rule_comment", id, a.get(1), action, comment);
      }
      case DEFAULT_POLICY -> Lang.t("explain.decided.default_policy", Lang.t("policy." + a.get(0)));
      case ANTI_SPOOF_IP -> Lang.t("explain.decided.anti_spoof_ip", hostName(c, a.get(0)), a.get(1));
      case ANTI_SPOOF_MAC -> Lang.t("explain.decided.anti_spoof_mac", hostName(c, a.get(0)),
          c.host(Long.parseLong(a.get(0))).map(h -> String.valueOf(h.mac())).orElse(f.value("mac")), a.get(1));
      case ANTI_LOCKOUT -> Lang.t("explain.decided.anti_lockout", a.get(0));
      case GATEWAY_SERVICE -> Lang.t("explain.decided.gateway_service", Lang.t("explain.service." + a.get(0)));
      case GATEWAY_CLOSED -> Lang.t("explain.decided.gateway_closed");
      case FROM_WAN_NOT_OPENED -> Lang.t("explain.decided.from_wan");
      case NOT_FORWARDED_IPV6 -> Lang.t("explain.decided.not_forwarded_ipv6");
      case ANTI_SPOOF_PREFIX6 -> Lang.t("explain.decided.anti_spoof_prefix6", a.get(0));
      case FORWARD_ADMITS -> Lang.t("explain.decided.forward_admits", a.get(0), a.get(1), a.get(2));
      case FORWARD_SOURCE_NOT_ALLOWED -> Lang.t("explain.decided.forward_source_not_allowed", a.get(0));
      case UNKNOWN_DEVICE -> a.isEmpty() ? Lang.t("explain.decided.unknown_device")
          : Lang.t("explain.decided.unknown_device_ask");
      case DECISION_ALLOWS -> Lang.t("explain.decided.decision_allows", a.get(0));
      case DECISION_DENIES -> Lang.t("explain.decided.decision_denies", a.get(0));
      case ASK_MODE -> Lang.t("explain.decided.ask_mode", hostName(c, a.get(0)));
    };
  }

  private static String hostName(Config c, String id) {
    return c.host(Long.parseLong(id)).map(Host::name).orElse("#" + id);
  }

  /** What a rule matches, in short: "laptop → 203.0.113.10/32 tcp 443". */
  private static String summary(Config c, Rule r) {
    StringBuilder s = new StringBuilder(RuleController.sourceLabel(c, r)).append(" → ")
        .append(RuleController.destinationLabel(c, r)).append(' ')
        .append(r.serviceId() != null ? RuleController.serviceLabel(c, r.serviceId()) : r.protocol().label());
    if (r.ports() != null) {
      s.append(' ').append(r.ports());
    }
    return s.toString();
  }

}
