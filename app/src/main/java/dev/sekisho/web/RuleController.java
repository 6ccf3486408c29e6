package dev.sekisho.web;

import dev.sekisho.capture.IpAddress;
import dev.sekisho.config.Action;
import dev.sekisho.config.Cidr;
import dev.sekisho.config.Network;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.DomainName;
import dev.sekisho.config.ConfigValidator;
import dev.sekisho.config.Host;
import dev.sekisho.config.IpAddr;
import dev.sekisho.config.Policy;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Role;
import dev.sekisho.config.Rule;
import dev.sekisho.config.Settings;
import dev.sekisho.config.UnknownDevices;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The ordered outbound rules, and the LAN default policy that applies when none matches. */
final class RuleController {
  static final List<String> FIELDS =
      List.of("source", "destination", "protocol", "ports", "action", "log", "comment", "enabled",
          "destinationList", "service", "schedule", "duration", "until", "untilDate", "expiresAt", "connectionLimit",
          "destinationDomain");
  /** Prefix of a group in the source select ({@code g12}). */
  static final String GROUP = "g";
  /** The source select's value for "every LAN host". */
  static final String ALL_HOSTS = "all";
  /** Fields that a link (e.g. "Allow this" on the live flows page) may prefill on the new-rule form. */
  private static final List<String> PREFILL =
      List.of("source", "destination", "protocol", "ports", "action", "log", "comment", "before", "sourceIp",
          "sourceMac");
  private static final int MAX_PREFILL = 200;

  private final ConfigService config;
  private final Views views;
  private final Times times;

  /** The controller; {@code times} gives the clock temporary rules are read and shown by. */
  RuleController(ConfigService config, Views views, Times times) {
    this.config = config;
    this.views = views;
    this.times = times;
  }

  /**
   * One table row, with everything already in display form; {@code limits} says when a temporary rule ends
   * (or ended) and how many connections a count-limited one allows, {@code expired} whether it has ended.
   */
  record Row(long id, int position, String source, String destination, String protocol, String ports,
      String action, boolean log, String comment, boolean enabled, boolean first, boolean last, String explainHref,
      String schedule, String scheduleStatus, boolean scheduleOpen, String limits, boolean expired) {}

  /** A new rule's id, and the rule it was placed above (null: at the end). */
  private record Added(long id, Long above) {}

  /** One choice of a select. */
  record Option(String value, String label) {}

  void list(Context ctx) {
    Config c = config.load();
    renderList(ctx, 200, c, policyForm(c));
  }

  private static Form policyForm(Config c) {
    return new Form().set("lanDefault", c.settings().lanDefault().label())
        .set("unknownDevices", c.settings().unknownDevices().label());
  }

  private void renderList(Context ctx, int status, Config c, Form policyForm) {
    List<Row> rows = new ArrayList<>();
    List<Row> expired = new ArrayList<>();
    java.time.Instant now = times.clock().instant();
    java.time.ZoneId zone = c.settings().zoneOr(times.clock().getZone());
    for (int i = 0; i < c.rules().size(); i++) {
      Rule r = c.rules().get(i);
      var schedule = r.scheduleId() == null ? null : c.schedule(r.scheduleId()).orElse(null);
      Row row = new Row(r.id(), i + 1, sourceLabel(c, r),
          destinationLabel(c, r), r.serviceId() != null ? serviceLabel(c, r.serviceId()) : r.protocol().label(),
          r.ports() == null ? (r.protocol().hasPorts() ? Lang.t("rules.all_ports") : "") : r.ports().toString(),
          r.action().label(), r.log(), r.comment().text(), r.enabled(), i == 0, i == c.rules().size() - 1,
          RuleLinks.explain(r), schedule == null ? "" : schedule.name(),
          schedule == null ? "" : ScheduleView.status(schedule, zone, now, times),
          schedule != null && dev.sekisho.config.ScheduleStatus.openAt(schedule, zone, now),
          TemporaryRuleForm.label(r, now, times), r.expiredAt(now));
      // an expired rule matches nothing: it leaves the active list and is shown below it, with when it ended
      (row.expired() ? expired : rows).add(row);
    }
    Map<String, Object> model = new HashMap<>(Map.of("nav", "rules", "rows", rows, "policyForm",
        policyForm, "lanDefault", c.settings().lanDefault().label(), "expiredRows", expired));
    Optional<Host> mine = clientHost(c, ctx.ip());
    boolean onLan = onLan(c, ctx.ip());
    model.put("clientKnown", mine.isPresent());
    model.put("clientNote", mine.map(h -> Lang.t("rules.unknown.client_known", ctx.ip(), h.name()))
        .orElse(onLan ? Lang.t("rules.unknown.client_unknown", ctx.ip()) : null));
    views.render(ctx, status, "rules/list", model);
  }

  /** The inventory host the admin's browser connects from, by its IPv4 or listed IPv6 address. */
  static Optional<Host> clientHost(Config c, String client) {
    IpAddr ip;
    try {
      ip = IpAddr.parse(client);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    return c.hosts().stream().filter(h -> ip.ipv6() ? h.ipv6().contains(ip) : h.ip().equals(ip)).findFirst();
  }

  private static boolean onLan(Config c, String client) {
    try {
      IpAddr ip = IpAddr.parse(client);
      return ip.ipv6() ? c.lanPrefixes6().stream().anyMatch(p -> p.contains(ip))
          : c.interfaces(Role.LAN).stream().anyMatch(i -> i.address() != null && i.address().subnet().contains(ip));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** POST /settings/unknown-devices: the unknown-devices policy (applied like any other change). */
  void unknownDevices(Context ctx) {
    Form f = Form.posted(ctx, "unknownDevices");
    UnknownDevices u = f.parse("unknownDevices", UnknownDevices::parse);
    if (u == null) {
      Config c = config.load();
      renderList(ctx, 400, c, f.set("lanDefault", c.settings().lanDefault().label()));
      return;
    }
    config.update(c -> c.withSettings(s -> s.withUnknownDevices(u)));
    Web.success(ctx, "flash.unknown." + u.label());
    Web.seeOther(ctx, "/rules#unknown-devices");
  }

  /** The rule's source in words: a host, a group or all LAN hosts. */
  static String sourceLabel(Config c, Rule r) {
    if (r.sourceGroupId() != null) {
      return Lang.t("rules.group_label", c.group(r.sourceGroupId()).map(g -> g.name()).orElse("#" + r.sourceGroupId()));
    }
    return sourceLabel(c, r.sourceHostId());
  }

  /** The rule's destination in words: a network, an address list or any. */
  static String destinationLabel(Config c, Rule r) {
    if (r.destinationListId() != null) {
      return Lang.t("rules.list_label", c.addressList(r.destinationListId()).map(l -> l.name())
          .orElse("#" + r.destinationListId()));
    }
    if (r.destinationDomain() != null) {
      return Lang.t("rules.domain_label", r.destinationDomain().toString());
    }
    return r.destination() == null ? Lang.t("rules.any") : r.destination().toString();
  }

  /** A service by name with what it matches. */
  static String serviceLabel(Config c, long id) {
    return c.service(id).map(x -> x.name() + " (" + x.entriesText() + ")").orElse("#" + id);
  }

  static String sourceLabel(Config c, Long hostId) {
    if (hostId == null) {
      return Lang.t("rules.all_hosts");
    }
    return c.host(hostId).map(Host::name).orElse(Lang.t("rules.missing_host", hostId));
  }

  void newForm(Context ctx) {
    Form f = new Form().set("source", ALL_HOSTS).set("destination", "any").set("protocol", "tcp")
        .set("action", "allow").set("enabled", "on");
    // Prefilled from a link: the values are only shown in the form's fields and checked when saved.
    for (String name : PREFILL) {
      String v = ctx.queryParam(name);
      if (v != null && v.length() <= MAX_PREFILL) {
        f.set(name, v);
      }
    }
    renderForm(ctx, 200, config.load(), f, null);
  }

  void editForm(Context ctx) {
    Config c = config.load();
    Rule r = c.rule(Web.requireId(ctx)).orElseThrow(NotFound::new);
    Form f = new Form()
        .set("source", r.sourceGroupId() != null ? GROUP + r.sourceGroupId()
            : r.sourceHostId() == null ? ALL_HOSTS : r.sourceHostId().toString())
        .set("destination", r.destination() == null ? (r.destinationListId() != null ? "" : "any")
            : r.destination().toString())
        .set("destinationList", r.destinationListId() == null ? "" : r.destinationListId().toString())
        .set("service", r.serviceId() == null ? "" : r.serviceId().toString())
        .set("schedule", r.scheduleId() == null ? "" : r.scheduleId().toString())
        .set("destinationDomain", r.destinationDomain() == null ? "" : r.destinationDomain().toString())
        .set("protocol", r.protocol().label())
        .set("ports", r.ports() == null ? "" : r.ports().toString())
        .set("action", r.action().label())
        .set("comment", r.comment().text())
        .set("duration", r.expiresAt() == null ? "forever" : "keep")
        .set("expiresAt", r.expiresAt() == null ? "" : r.expiresAt().toString())
        .set("connectionLimit", r.connectionLimit() == null ? "" : r.connectionLimit().toString());
    if (r.log()) {
      f.set("log", "on");
    }
    if (r.enabled()) {
      f.set("enabled", "on");
    }
    renderForm(ctx, 200, c, f, r.id());
  }

  void create(Context ctx) {
    Form f = Form.posted(ctx, FIELDS.toArray(String[]::new));
    String before = ctx.formParam("before");
    f.set("before", before);
    try {
      Added added = config.edit(c -> {
        long id = c.nextRuleId();
        Long above = position(c, f);
        Config next = save(c, f, id, times.clock().instant(), times.zone());
        return ConfigService.Change.of(above == null ? next : placeAbove(next, id, above), new Added(id, above));
      }).result();
      if (added.above() == null) {
        Web.success(ctx, "flash.rule.added_end", added.id());
      } else {
        Web.success(ctx, "flash.rule.added_above", added.id(), added.above());
      }
      Web.seeOther(ctx, "/rules");
    } catch (Form.Invalid e) {
      renderForm(ctx, 400, config.load(), f, null);
    }
  }

  void update(Context ctx) {
    long id = Web.requireId(ctx);
    Form f = Form.posted(ctx, FIELDS.toArray(String[]::new));
    try {
      config.update(c -> {
        c.rule(id).orElseThrow(NotFound::new);
        return save(c, f, id, times.clock().instant(), times.zone());
      });
      Web.success(ctx, "flash.rule.saved", id);
      Web.seeOther(ctx, "/rules");
    } catch (Form.Invalid e) {
      renderForm(ctx, 400, config.load(), f, id);
    }
  }

  void delete(Context ctx) {
    long id = Web.requireId(ctx);
    config.update(c -> {
      c.rule(id).orElseThrow(NotFound::new);
      return c.withoutRule(id);
    });
    Web.success(ctx, "flash.rule.deleted", id);
    Web.seeOther(ctx, "/rules");
  }

  void move(Context ctx) {
    long id = Web.requireId(ctx);
    String direction = ctx.formParam("direction");
    int delta = "up".equals(direction) ? -1 : "down".equals(direction) ? 1 : 0;
    if (delta == 0) {
      Web.error(ctx, "flash.rule.up_or_down");
    } else {
      config.update(c -> {
        c.rule(id).orElseThrow(NotFound::new);
        return c.withRuleMoved(id, delta);
      });
      Web.success(ctx, delta < 0 ? "flash.rule.moved_up" : "flash.rule.moved_down", id);
    }
    Web.seeOther(ctx, "/rules");
  }

  void toggle(Context ctx) {
    long id = Web.requireId(ctx);
    Config saved = config.update(c -> {
      Rule r = c.rule(id).orElseThrow(NotFound::new);
      return c.withRule(r.withEnabled(!r.enabled()));
    }).after();
    boolean on = saved.rule(id).map(Rule::enabled).orElse(false);
    Web.success(ctx, on ? "flash.rule.enabled" : "flash.rule.disabled", id);
    Web.seeOther(ctx, "/rules");
  }

  void policy(Context ctx) {
    Form f = Form.posted(ctx, "lanDefault");
    Policy p = f.parse("lanDefault", Policy::parse);
    if (p == null) {
      renderList(ctx, 400, config.load(), f);
      return;
    }
    config.update(c -> c.withSettings(s -> s.withLanDefault(p)));
    Web.success(ctx, p == Policy.ALLOW ? "flash.policy.allow" : "flash.policy.deny");
    Web.seeOther(ctx, "/rules");
  }

  /** The rule a new rule goes above, or null for the end; rejects a rule that is not in the list. */
  static Long position(Config c, Form f) {
    String b = f.value("before");
    if (b.isEmpty()) {
      return null;
    }
    Long id = b.matches("[0-9]{1,18}") ? Long.valueOf(b) : null;
    if (id == null || c.rule(id).isEmpty()) {
      f.reject("before", Lang.t("problem.rule.before_gone"));
      return null;
    }
    return id;
  }

  /** The id chosen in an object select (empty: none), or null with the field's error when it is not one. */
  private static Long objectChoice(Form f, String field, java.util.function.LongPredicate exists) {
    String v = f.value(field).strip();
    if (v.isEmpty()) {
      return null;
    }
    if (!v.matches("[0-9]{1,18}") || !exists.test(Long.parseLong(v))) {
      f.reject(field, Lang.t("problem.rule.object_choose"));
      return null;
    }
    return Long.valueOf(v);
  }

  /** The draft with rule {@code id} (just appended) moved directly above rule {@code above}. */
  static Config placeAbove(Config c, long id, long above) {
    int from = -1;
    int to = -1;
    for (int i = 0; i < c.rules().size(); i++) {
      if (c.rules().get(i).id() == id) {
        from = i;
      }
      if (c.rules().get(i).id() == above) {
        to = i;
      }
    }
    return from < 0 || to < 0 ? c : c.withRuleMoved(id, to - from);
  }

  /** Parses the form into a rule with this id and returns the new draft, or aborts with the form's errors. */
  static Config save(Config c, Form f, long id) {
    return save(c, f, id, java.time.Instant.now(), java.time.ZoneId.systemDefault());
  }

  /**
   * {@link #save(Config, Form, long)} at an instant, reading times of day in {@code zone}: a temporary rule's
   * end must then lie in the future.
   */
  static Config save(Config c, Form f, long id, java.time.Instant now, java.time.ZoneId zone) {
    Long source = null;
    Long group = null;
    String src = f.value("source");
    if (src.startsWith(GROUP) && src.substring(1).matches("[0-9]{1,18}")) {
      group = Long.valueOf(src.substring(1));
      if (c.group(group).isEmpty()) {
        f.reject("source", Lang.t("problem.rule.source_choose"));
      }
    } else if (!src.equals(ALL_HOSTS)) {
      Long hostId = src.matches("[0-9]{1,18}") ? Long.valueOf(src) : null;
      if (hostId == null || c.host(hostId).isEmpty()) {
        f.reject("source", Lang.t("problem.rule.source_choose"));
      }
      source = hostId;
    }
    Long list = objectChoice(f, "destinationList", x -> c.addressList(x).isPresent());
    String dest = f.value("destination").strip();
    Network destination = dest.isEmpty() || dest.toLowerCase(Locale.ROOT).equals("any")
        ? null : f.parse("destination", Network::parse);
    if (list != null && destination != null) {
      f.reject("destination", Lang.t("problem.rule.destination_and_list"));
    }
    String domainText = f.value("destinationDomain").strip();
    DomainName domain = domainText.isEmpty() ? null : f.parse("destinationDomain", DomainName::parse);
    if (domain != null && (destination != null || list != null)) {
      f.reject("destinationDomain", Lang.t("problem.rule.destination_and_domain"));
    }
    Long service = objectChoice(f, "service", x -> c.service(x).isPresent());
    Protocol protocol = service != null ? Protocol.ANY : f.parse("protocol", Protocol::parse);
    PortRange ports = null;
    if (service != null && !f.value("ports").isBlank()) {
      f.reject("ports", Lang.t("problem.rule.service_and_protocol"));
    } else if (!f.value("ports").isBlank()) {
      if (protocol != null && !protocol.hasPorts()) {
        f.reject("ports", Lang.t("problem.rule.ports_empty", protocol.label()));
      } else {
        ports = f.parse("ports", PortRange::parse);
      }
    }
    Action action = f.parse("action", Action::parse);
    Comment comment = f.parse("comment", Comment::parse);
    Long schedule = objectChoice(f, "schedule", x -> c.schedule(x).isPresent());
    TemporaryRuleForm.Limits limits = TemporaryRuleForm.read(f, c.rule(id).orElse(null), action, now, zone);
    f.throwIfInvalid();
    Config next = c.withRule(new Rule(id, source, destination, protocol, ports, action,
        f.checked("log"), comment, f.checked("enabled"), group, list, service, schedule, limits.end(),
        limits.limit(), domain));
    int index = -1;
    for (int i = 0; i < next.rules().size(); i++) {
      if (next.rules().get(i).id() == id) {
        index = i;
      }
    }
    f.rejectLocated(ConfigValidator.validate(next), "rules[" + index + "]", FIELDS);
    f.throwIfInvalid();
    return next;
  }

  /** The kept end as the admin reads it, or the raw text when it is not an instant. */
  private String keepLabel(String end) {
    try {
      return times.format(Rule.parseEnd(end));
    } catch (dev.sekisho.config.ParseException e) {
      return end;
    }
  }

  private void renderForm(Context ctx, int status, Config c, Form f, Long id) {
    List<Option> sources = new ArrayList<>();
    if (f.value("source").equals(RuleLinks.UNKNOWN_SOURCE)) {
      sources.add(new Option(RuleLinks.UNKNOWN_SOURCE, Lang.t("rules.choose_source",
          f.value("sourceIp"))));
    }
    sources.add(new Option(ALL_HOSTS, Lang.t("rules.all_hosts")));
    for (var g : c.groups()) {
      sources.add(new Option(GROUP + g.id(), Lang.t("rules.group_label", g.name())));
    }
    for (Host h : c.hosts()) {
      sources.add(new Option(Long.toString(h.id()), h.name() + " (" + h.ip() + ")"));
    }
    List<String> protocols = Arrays.stream(Protocol.values()).map(Protocol::label).toList();
    List<String> actions = Arrays.stream(Action.values()).map(Action::label).toList();
    List<Option> places = new ArrayList<>();
    places.add(new Option("", Lang.t("rules.place_end")));
    for (Rule r : c.rules()) {
      places.add(new Option(Long.toString(r.id()), r.comment().text().isEmpty()
          ? Lang.t("rules.place_above", r.id(), Lang.t("action." + r.action().label()),
              sourceLabel(c, r.sourceHostId()))
          : Lang.t("rules.place_above_comment", r.id(), Lang.t("action." + r.action().label()),
              sourceLabel(c, r.sourceHostId()), r.comment().text())));
    }
    String unknownSource = f.value("source").equals(RuleLinks.UNKNOWN_SOURCE) && !f.value("sourceIp").isEmpty()
        ? f.value("sourceIp") : "";
    Map<String, Object> model = new HashMap<>(Map.of("nav", "rules", "form", f, "sources", sources,
        "protocols", protocols, "actions", actions, "editing", id != null,
        "ruleId", id == null ? "" : id.toString(), "action", id == null ? "/rules" : "/rules/" + id));
    model.put("places", places);
    List<Option> lists = new ArrayList<>();
    lists.add(new Option("", Lang.t("rules.no_list")));
    c.addressLists().forEach(l -> lists.add(new Option(Long.toString(l.id()), l.name() + " ("
        + Lang.t("rules.entries", l.entries().size()) + ")")));
    List<Option> services = new ArrayList<>();
    services.add(new Option("", Lang.t("rules.no_service")));
    c.allServices().forEach(x -> services.add(new Option(Long.toString(x.id()), x.name() + " (" + x.entriesText()
        + ")")));
    model.put("lists", lists);
    model.put("services", services);
    List<Option> schedules = new ArrayList<>();
    schedules.add(new Option("", Lang.t("rules.no_schedule")));
    c.schedules().forEach(x -> schedules.add(new Option(Long.toString(x.id()), x.name() + " ("
        + String.join("; ", x.windows().stream().map(Object::toString).toList()) + ")")));
    model.put("schedules", schedules);
    model.put("scheduleZone", c.settings().zoneOr(times.clock().getZone()).getId());
    model.put("durations", TemporaryRuleForm.DURATIONS);
    model.put("keepEnd", f.value("expiresAt").isBlank() ? "" : keepLabel(f.value("expiresAt")));
    model.put("gatewayZone", times.zone().getId());
    model.put("maxConnections", Rule.MAX_CONNECTIONS);
    model.put("unknownSource", unknownSource);
    model.put("addHostHref", unknownSource.isEmpty() ? ""
        : RuleLinks.addHost(f.value("sourceMac"), IpAddress.parse(unknownSource)));
    views.render(ctx, status, "rules/form", model);
  }
}
