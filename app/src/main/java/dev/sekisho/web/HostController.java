package dev.sekisho.web;

import dev.sekisho.config.Config;
import dev.sekisho.config.ConfigValidator;
import dev.sekisho.config.Host;
import dev.sekisho.i18n.Message;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Ipv6;
import dev.sekisho.config.Mac;
import dev.sekisho.config.Names;
import dev.sekisho.config.PortForward;
import dev.sekisho.config.Problem;
import dev.sekisho.config.Rule;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The LAN machines that rules can name: list, add, edit, delete. */
final class HostController {
  static final List<String> FIELDS = List.of("name", "mac", "ip", "ipv6", "ask");

  private final ConfigService config;
  private final Views views;

  HostController(ConfigService config, Views views) {
    this.config = config;
    this.views = views;
  }

  /** One table row: the host and the rules that name it. */
  record Row(Host host, String mac, List<Long> ruleIds) {
    /** The host's IPv6 addresses, comma separated, or empty. */
    public String ipv6() {
      return String.join(", ", host.ipv6().stream().map(Object::toString).toList());
    }
  }

  void list(Context ctx) {
    Config c = config.load();
    List<Row> rows = c.hosts().stream()
        .map(h -> new Row(h, h.mac() == null ? "" : h.mac().toString(), rulesNaming(c, h.id())))
        .toList();
    views.render(ctx, "hosts/list", Map.of("nav", "hosts", "rows", rows));
  }

  void newForm(Context ctx) {
    // Prefilled from a link ("Add host" on the live flows page); checked only when saved.
    Form f = new Form();
    for (String name : FIELDS) {
      String v = ctx.queryParam(name);
      if (v != null && v.length() <= 100) {
        f.set(name, v);
      }
    }
    renderForm(ctx, 200, f, null);
  }

  void editForm(Context ctx) {
    Host h = config.load().host(Web.requireId(ctx)).orElseThrow(NotFound::new);
    Form f = new Form().set("name", h.name()).set("ip", h.ip().toString())
        .set("mac", h.mac() == null ? "" : h.mac().toString())
        .set("ipv6", String.join("\n", h.ipv6().stream().map(Object::toString).toList()));
    if (h.ask()) {
      f.set("ask", "on");
    }
    renderForm(ctx, 200, f, h.id());
  }

  void create(Context ctx) {
    Form f = Form.posted(ctx, FIELDS.toArray(String[]::new));
    try {
      ConfigService.Edit<Long> added = config.edit(c -> {
        long id = c.nextHostId();
        return ConfigService.Change.of(save(c, f, id), id);
      });
      Web.success(ctx, "flash.host.added", added.after().host(added.result()).map(Host::name).orElse(""));
      Web.seeOther(ctx, "/hosts");
    } catch (Form.Invalid e) {
      renderForm(ctx, 400, f, null);
    }
  }

  void update(Context ctx) {
    long id = Web.requireId(ctx);
    Form f = Form.posted(ctx, FIELDS.toArray(String[]::new));
    try {
      Config saved = config.update(c -> {
        c.host(id).orElseThrow(NotFound::new);
        return save(c, f, id);
      }).after();
      Web.success(ctx, "flash.host.saved", saved.host(id).map(Host::name).orElse(""));
      Web.seeOther(ctx, "/hosts");
    } catch (Form.Invalid e) {
      renderForm(ctx, 400, f, id);
    }
  }

  void delete(Context ctx) {
    long id = Web.requireId(ctx);
    // The result is why the host stays, or null when it was deleted.
    String refusal = config.edit(c -> {
      Host h = c.host(id).orElseThrow(NotFound::new);
      String refused = deleteRefusal(c, h);
      return ConfigService.Change.of(refused == null ? c.withoutHost(id) : c, refused);
    }).result();
    if (refusal != null) {
      Web.error(ctx, Message.plain(refusal)); // already in the request's language
    } else {
      Web.success(ctx, "flash.host.deleted");
    }
    Web.seeOther(ctx, "/hosts");
  }

  /** Why {@code h} cannot be deleted (rules name it as their source, forwards go to it), or null when it can. */
  static String deleteRefusal(Config c, Host h) {
    List<Long> using = rulesNaming(c, h.id());
    if (!using.isEmpty()) {
      return Lang.t("flash.host.in_use", h.name(), using.size(),
          using.stream().map(r -> "#" + r).collect(Collectors.joining(", ")));
    }
    List<Long> forwards = c.forwardsTo(h).stream().map(PortForward::id).toList();
    if (!forwards.isEmpty()) {
      return Lang.t("flash.host.forwarded_to", h.name(), forwards.size(),
          forwards.stream().map(r -> "#" + r).collect(Collectors.joining(", ")));
    }
    List<String> groups = c.groups().stream().filter(g -> g.members().contains(h.id())).map(g -> g.name()).toList();
    if (!groups.isEmpty()) {
      return Lang.t("flash.host.in_group", h.name(), String.join(", ", groups));
    }
    return null;
  }


  /** Parses the form into a host with this id and returns the new draft, or aborts with the form's errors. */
  static Config save(Config c, Form f, long id) {
    String name = f.parse("name", Names::hostName);
    Mac mac = f.value("mac").isBlank() ? null : f.parse("mac", Mac::parse);
    Ipv4 ip = f.parse("ip", Ipv4::parse);
    List<Ipv6> ipv6 = f.parse("ipv6", Host::parseIpv6List);
    f.throwIfInvalid();
    Config next = c.withHost(new Host(id, name, mac, ip, ipv6, f.checked("ask")));
    int index = indexOf(next, id);
    List<Problem> problems = ConfigValidator.validate(next);
    f.rejectLocated(problems, "hosts[" + index + "]", FIELDS);
    // Taking the MAC away from a host that rules name, while IPv6 is forwarded, would leave them IPv4-only.
    List<Problem> was = ConfigValidator.validate(c);
    for (Problem p : problems) {
      if (p.code().equals("problem.rule.ipv6_needs_mac") && !was.contains(p)) {
        f.reject("mac", Lang.text(p.text()));
      }
    }
    f.throwIfInvalid();
    return next;
  }

  private static int indexOf(Config c, long id) {
    for (int i = 0; i < c.hosts().size(); i++) {
      if (c.hosts().get(i).id() == id) {
        return i;
      }
    }
    return -1;
  }

  static List<Long> rulesNaming(Config c, long hostId) {
    return c.rules().stream().filter(r -> r.sourceHostId() != null && r.sourceHostId() == hostId)
        .map(Rule::id).toList();
  }

  private void renderForm(Context ctx, int status, Form f, Long id) {
    views.render(ctx, status, "hosts/form", Map.of("nav", "hosts", "form", f,
        "editing", id != null, "action", id == null ? "/hosts" : "/hosts/" + id));
  }
}
