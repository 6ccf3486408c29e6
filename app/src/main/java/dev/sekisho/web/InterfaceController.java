package dev.sekisho.web;

import dev.sekisho.config.Config;
import dev.sekisho.config.ConfigValidator;
import dev.sekisho.config.InterfaceAddress;
import dev.sekisho.config.InterfaceAddress6;
import dev.sekisho.config.Names;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Problem;
import dev.sekisho.config.Role;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The gateway's own network interfaces and their roles (LAN or WAN). */
final class InterfaceController {
  static final List<String> FIELDS = List.of("name", "role", "address", "address6");

  private final ConfigService config;
  private final Views views;

  InterfaceController(ConfigService config, Views views) {
    this.config = config;
    this.views = views;
  }

  /** One table row. */
  record Row(String name, String role, String address, String address6) {}

  void list(Context ctx) {
    Config c = config.load();
    List<Row> rows = rows(c);
    List<String> problems = ConfigValidator.validate(c).stream()
        .filter(p -> p.path().startsWith("interfaces")).map(p -> Lang.text(p.text())).toList();
    views.render(ctx, "interfaces/list", Map.of("nav", "interfaces", "rows", rows, "problems", problems,
        "ipv6", c.ipv6Forwarding(), "prefixes6", String.join(", ", c.lanPrefixes6().stream().map(Object::toString)
            .toList())));
  }

  static List<Row> rows(Config c) {
    return c.interfaces().stream()
        .map(i -> new Row(i.name(), i.role().name(), i.address() == null ? "" : i.address().toString(),
            i.address6() == null ? "" : i.address6().toString()))
        .toList();
  }

  void newForm(Context ctx) {
    renderForm(ctx, 200, new Form().set("role", "lan"), null);
  }

  void editForm(Context ctx) {
    NetInterface i = find(config.load(), ctx.pathParam("name"));
    Form f = new Form().set("name", i.name()).set("role", i.role().label())
        .set("address", i.address() == null ? "" : i.address().toString())
        .set("address6", i.address6() == null ? "" : i.address6().toString());
    renderForm(ctx, 200, f, i.name());
  }

  void create(Context ctx) {
    Form f = Form.posted(ctx, FIELDS.toArray(String[]::new));
    try {
      config.update(c -> save(c, f, null));
      Web.success(ctx, "flash.interface.added", f.value("name").strip());
      Web.seeOther(ctx, "/interfaces");
    } catch (Form.Invalid e) {
      renderForm(ctx, 400, f, null);
    }
  }

  void update(Context ctx) {
    String old = ctx.pathParam("name");
    Form f = Form.posted(ctx, FIELDS.toArray(String[]::new));
    try {
      config.update(c -> {
        find(c, old);
        return save(c, f, old);
      });
      Web.success(ctx, "flash.interface.saved", f.value("name").strip());
      Web.seeOther(ctx, "/interfaces");
    } catch (Form.Invalid e) {
      renderForm(ctx, 400, f, old);
    }
  }

  void delete(Context ctx) {
    String name = ctx.pathParam("name");
    ConfigService.Edit<Void> deleted = config.update(c -> {
      find(c, name);
      return c.withoutInterface(name);
    });
    Web.success(ctx, "flash.interface.deleted", name);
    // Deleting is allowed even when it leaves the draft incomplete; say so now rather than at Apply.
    List<Problem> was = ConfigValidator.validate(deleted.before());
    for (Problem p : ConfigValidator.validate(deleted.after())) {
      if (!was.contains(p)) {
        Web.error(ctx, "flash.interface.note", p.text());
      }
    }
    Web.seeOther(ctx, "/interfaces");
  }

  /** Parses the form and puts the interface in place of {@code old} (or at the end); aborts on errors. */
  static Config save(Config c, Form f, String old) {
    String name = f.parse("name", Names::interfaceName);
    Role role = f.parse("role", Role::parse);
    InterfaceAddress address = f.value("address").isBlank() ? null : f.parse("address", InterfaceAddress::parse);
    InterfaceAddress6 address6 = f.value("address6").isBlank() ? null
        : f.parse("address6", InterfaceAddress6::parse);
    if (name != null && !name.equals(old) && c.interfaces().stream().anyMatch(i -> i.name().equals(name))) {
      f.reject("name", Lang.t("problem.interface.name_taken", name));
    }
    f.throwIfInvalid();
    NetInterface ni = new NetInterface(name, role, address, address6);
    List<NetInterface> list = new ArrayList<>(c.interfaces());
    int index = -1;
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).name().equals(old)) {
        index = i;
      }
    }
    if (index < 0) {
      list.add(ni);
      index = list.size() - 1;
    } else {
      list.set(index, ni);
    }
    Config next = c.withInterfaces(list);
    List<Problem> problems = ConfigValidator.validate(next);
    f.rejectLocated(problems, "interfaces[" + index + "]", FIELDS);
    // Whole-list problems this change introduces (a second WAN, no LAN left) are about the role chosen.
    List<Problem> was = ConfigValidator.validate(c);
    for (Problem p : problems) {
      if (p.path().equals("interfaces") && !was.contains(p)) {
        f.reject("role", Lang.text(p.text()));
      }
    }
    f.throwIfInvalid();
    return next;
  }

  static NetInterface find(Config c, String name) {
    return c.interfaces().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow(NotFound::new);
  }

  private void renderForm(Context ctx, int status, Form f, String old) {
    views.render(ctx, status, "interfaces/form", Map.of("nav", "interfaces", "form", f, "editing", old != null,
        "action", old == null ? "/interfaces" : "/interfaces/" + old));
  }
}
