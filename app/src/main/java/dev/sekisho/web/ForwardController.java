package dev.sekisho.web;

import dev.sekisho.config.Cidr;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.ConfigValidator;
import dev.sekisho.config.Host;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.ParseException;
import dev.sekisho.config.PortForward;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Problem;
import dev.sekisho.config.Protocol;
import dev.sekisho.i18n.Message;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Port forwards on the NAT page: add, edit, enable or disable, delete. */
final class ForwardController {
  static final List<String> FIELDS = List.of("protocol", "wanPorts", "host", "target", "targetPort",
      "allowedSources", "reflection", "log", "comment", "enabled", "allowedList");
  /** The protocols a forward can have. */
  static final List<String> PROTOCOLS = List.of("tcp", "udp", "tcp+udp");

  private final ConfigService config;
  private final Views views;

  ForwardController(ConfigService config, Views views) {
    this.config = config;
    this.views = views;
  }

  /** One row of the list on the NAT page, in display form. */
  record Row(long id, String protocol, String wanPorts, String target, String targetPort, String sources,
      boolean reflection, boolean log, String comment, boolean enabled) {}

  /** One choice of the host select. */
  record Option(String value, String label) {}

  /** The rows of the list, in the configuration's order. */
  static List<Row> rows(Config c) {
    List<Row> out = new ArrayList<>();
    for (PortForward f : c.forwards()) {
      String target = f.hostId() == null ? f.target().toString()
          : c.host(f.hostId()).map(h -> h.name() + " (" + h.ip() + ")").orElse(Lang.t("rules.missing_host",
              f.hostId()));
      out.add(new Row(f.id(), f.protocol().label(), f.wanPorts().toString(), target,
          f.targetPort() == null ? Lang.t("forwards.same_port")
              : f.firstTargetPort() + (f.wanPorts().isSingle() ? "" : "-" + f.lastTargetPort()),
          f.allowedListId() != null ? Lang.t("forwards.list_label", c.addressList(f.allowedListId())
              .map(l -> l.name()).orElse("#" + f.allowedListId()))
              : f.allowedSources().isEmpty() ? Lang.t("forwards.any_source")
              : String.join(", ", f.allowedSources().stream().map(Cidr::toString).toList()),
          f.reflection(), f.log(), f.comment().text(), f.enabled()));
    }
    return out;
  }

  void newForm(Context ctx) {
    Form f = new Form().set("protocol", "tcp").set("host", "").set("reflection", "on").set("enabled", "on");
    renderForm(ctx, 200, config.load(), f, null);
  }

  void editForm(Context ctx) {
    Config c = config.load();
    PortForward p = c.forward(Web.requireId(ctx)).orElseThrow(NotFound::new);
    Form f = new Form().set("protocol", p.protocol().label()).set("wanPorts", p.wanPorts().toString())
        .set("host", p.hostId() == null ? "" : p.hostId().toString())
        .set("target", p.target() == null ? "" : p.target().toString())
        .set("targetPort", p.targetPort() == null ? "" : p.targetPort().toString())
        .set("allowedSources", String.join("\n", p.allowedSources().stream().map(Cidr::toString).toList()))
        .set("comment", p.comment().text())
        .set("allowedList", p.allowedListId() == null ? "" : p.allowedListId().toString());
    if (p.reflection()) {
      f.set("reflection", "on");
    }
    if (p.log()) {
      f.set("log", "on");
    }
    if (p.enabled()) {
      f.set("enabled", "on");
    }
    renderForm(ctx, 200, c, f, p.id());
  }

  void create(Context ctx) {
    Form f = Form.posted(ctx, FIELDS.toArray(String[]::new));
    try {
      long id = config.edit(c -> {
        long next = c.nextForwardId();
        return ConfigService.Change.of(save(c, f, next), next);
      }).result();
      Web.success(ctx, "flash.forward.added", id);
      Web.seeOther(ctx, "/nat");
    } catch (Form.Invalid e) {
      renderForm(ctx, 400, config.load(), f, null);
    }
  }

  void update(Context ctx) {
    long id = Web.requireId(ctx);
    Form f = Form.posted(ctx, FIELDS.toArray(String[]::new));
    try {
      config.update(c -> {
        c.forward(id).orElseThrow(NotFound::new);
        return save(c, f, id);
      });
      Web.success(ctx, "flash.forward.saved", id);
      Web.seeOther(ctx, "/nat");
    } catch (Form.Invalid e) {
      renderForm(ctx, 400, config.load(), f, id);
    }
  }

  void delete(Context ctx) {
    long id = Web.requireId(ctx);
    config.update(c -> {
      c.forward(id).orElseThrow(NotFound::new);
      return c.withoutForward(id);
    });
    Web.success(ctx, "flash.forward.deleted", id);
    Web.seeOther(ctx, "/nat");
  }

  void toggle(Context ctx) {
    long id = Web.requireId(ctx);
    // Enabling may make it overlap another one: then it stays as it was and the reason is shown.
    String refusal = config.edit(c -> {
      PortForward p = c.forward(id).orElseThrow(NotFound::new);
      Config next = c.withForward(p.withEnabled(!p.enabled()));
      String at = "forwards[" + c.forwards().indexOf(p) + "]";
      List<Problem> was = ConfigValidator.validate(c);
      String why = ConfigValidator.validate(next).stream()
          .filter(x -> (x.path().equals(at) || x.path().startsWith(at + ".")) && !was.contains(x))
          .map(x -> Lang.text(x.text())).findFirst().orElse(null);
      return ConfigService.Change.of(why == null ? next : c, why);
    }).result();
    if (refusal != null) {
      Web.error(ctx, Message.plain(refusal)); // already in the request's language
    } else {
      boolean on = config.load().forward(id).map(PortForward::enabled).orElse(false);
      Web.success(ctx, on ? "flash.forward.enabled" : "flash.forward.disabled", id);
    }
    Web.seeOther(ctx, "/nat");
  }

  /** Parses the form into a forward with this id and returns the new draft, or aborts with the form's errors. */
  static Config save(Config c, Form f, long id) {
    Protocol protocol = f.parse("protocol", Protocol::parse);
    if (protocol != null && !protocol.hasPorts()) {
      f.reject("protocol", Lang.t("problem.forward.protocol", protocol.label()));
    }
    PortRange wan = f.parse("wanPorts", PortRange::parse);
    Long hostId = null;
    Ipv4 target = null;
    String host = f.value("host");
    if (!host.isEmpty()) {
      hostId = host.matches("[0-9]{1,18}") ? Long.valueOf(host) : null;
      if (hostId == null || c.host(hostId).isEmpty()) {
        f.reject("host", Lang.t("problem.forward.host_choose"));
      }
      if (!f.value("target").isBlank()) {
        f.reject("target", Lang.t("problem.forward.target_one"));
      }
    } else if (f.value("target").isBlank()) {
      f.reject("target", Lang.t("problem.forward.target_required"));
    } else {
      target = f.parse("target", s -> Ipv4.parse(s.strip()));
    }
    Integer targetPort = null;
    if (!f.value("targetPort").isBlank()) {
      PortRange p = f.parse("targetPort", PortRange::parse);
      if (p != null && !p.isSingle()) {
        f.reject("targetPort", Lang.t("problem.forward.target_port_single"));
      } else if (p != null) {
        targetPort = p.from();
      }
    }
    List<Cidr> sources = f.parse("allowedSources", PortForward::parseSources);
    Long list = null;
    String lv = f.value("allowedList").strip();
    if (!lv.isEmpty()) {
      if (!lv.matches("[0-9]{1,18}") || c.addressList(Long.parseLong(lv)).isEmpty()) {
        f.reject("allowedList", Lang.t("problem.rule.object_choose"));
      } else if (sources != null && !sources.isEmpty()) {
        f.reject("allowedList", Lang.t("problem.forward.sources_and_list"));
      } else {
        list = Long.valueOf(lv);
      }
    }
    Comment comment = f.parse("comment", Comment::parse);
    f.throwIfInvalid();
    PortForward pf;
    try {
      pf = new PortForward(id, protocol, wan, hostId, target, targetPort, sources, f.checked("reflection"),
          f.checked("log"), comment, f.checked("enabled"), list);
    } catch (ParseException e) {
      f.reject(Form.GENERAL, Lang.text(e.text()));
      throw new Form.Invalid(f);
    }
    Config next = c.withForward(pf);
    int index = next.forwards().indexOf(pf);
    f.rejectLocated(ConfigValidator.validate(next), "forwards[" + index + "]", FIELDS);
    f.throwIfInvalid();
    return next;
  }

  private void renderForm(Context ctx, int status, Config c, Form f, Long id) {
    List<Option> hosts = new ArrayList<>();
    hosts.add(new Option("", Lang.t("forwards.host.address")));
    for (Host h : c.hosts()) {
      hosts.add(new Option(Long.toString(h.id()), h.name() + " (" + h.ip() + ")"));
    }
    List<Option> lists = new ArrayList<>();
    lists.add(new Option("", Lang.t("forwards.no_list")));
    c.addressLists().forEach(l -> lists.add(new Option(Long.toString(l.id()), l.name() + " ("
        + Lang.t("rules.entries", l.entries().size()) + ")")));
    views.render(ctx, status, "nat/forward", Map.of("nav", "nat", "form", f, "editing", id != null,
        "forwardId", id == null ? 0L : id, "action", id == null ? "/nat/forwards" : "/nat/forwards/" + id,
        "hosts", hosts, "protocols", PROTOCOLS, "lists", lists));
  }
}
