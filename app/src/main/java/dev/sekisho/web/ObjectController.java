package dev.sekisho.web;

import dev.sekisho.config.AddressList;
import dev.sekisho.config.Config;
import dev.sekisho.config.ConfigValidator;
import dev.sekisho.config.HostGroup;
import dev.sekisho.config.Names;
import dev.sekisho.config.Network;
import dev.sekisho.config.Problem;
import dev.sekisho.config.Schedule;
import dev.sekisho.config.Service;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Objects that rules name: host groups, address lists, services (the built-in catalogue is shown, the
 * admin's own can be added, edited and deleted) and schedules. Deleting an object a rule uses is refused with the rules;
 * references are by id, so renaming keeps them. An address list is edited as text, one entry per line with
 * {@code #} comments, or uploaded as a file; each bad line is reported by its number.
 */
final class ObjectController {
  /** The kinds of objects, as they appear in paths. */
  enum Kind {
    /** Host groups. */
    GROUPS("groups", List.of("name", "members")),
    /** Address lists. */
    LISTS("lists", List.of("name", "entries")),
    /** The admin's services. */
    SERVICES("services", List.of("name", "entries")),
    /** Schedules: weekly windows. */
    SCHEDULES("schedules", List.of("name", "windows"));

    final String path;
    final List<String> fields;

    Kind(String path, List<String> fields) {
      this.path = path;
      this.fields = fields;
    }
  }

  /** The largest address list file read from an upload. */
  static final int MAX_LIST_FILE = 8 * 1024 * 1024;

  private final ConfigService config;
  private final Views views;
  private final Times times;

  ObjectController(ConfigService config, Views views, Times times) {
    this.config = config;
    this.views = views;
    this.times = times;
  }

  /** One row of a table: an object, what it holds in short, and the rules that use it. */
  record Row(long id, String name, String summary, List<Long> ruleIds, boolean builtIn) {}

  void list(Context ctx) {
    Config c = config.load();
    List<Row> groups = c.groups().stream().map(g -> new Row(g.id(), g.name(), members(c, g), c.rulesUsing(g.id()),
        false)).toList();
    List<Row> lists = c.addressLists().stream().map(l -> new Row(l.id(), l.name(),
        Lang.t("objects.entries_count", l.entries().size()) + preview(l), c.rulesUsing(l.id()), false)).toList();
    List<Row> services = c.allServices().stream().map(x -> new Row(x.id(), x.name(), x.entriesText(),
        c.rulesUsing(x.id()), x.builtIn())).toList();
    java.time.Instant now = times.clock().instant();
    java.time.ZoneId zone = c.settings().zoneOr(times.clock().getZone());
    List<Row> schedules = c.schedules().stream().map(x -> new Row(x.id(), x.name(),
        String.join("; ", x.windows().stream().map(Object::toString).toList()) + " — "
            + ScheduleView.status(x, zone, now, times), c.rulesUsing(x.id()), false)).toList();
    views.render(ctx, "objects/list", Map.of("nav", "objects", "groups", groups, "lists", lists,
        "services", services, "schedules", schedules, "zone", zone.getId()));
  }

  private static String members(Config c, HostGroup g) {
    return g.members().stream().map(id -> c.host(id).map(h -> h.name()).orElse("#" + id))
        .collect(Collectors.joining(", "));
  }

  private static String preview(AddressList l) {
    List<String> all = l.texts();
    if (all.isEmpty()) {
      return "";
    }
    List<String> first = all.stream().limit(3).toList();
    return ": " + String.join(", ", first) + (all.size() > 3 ? ", …" : "");
  }

  void newForm(Context ctx) {
    Kind k = kind(ctx);
    renderForm(ctx, 200, k, new Form(), null);
  }

  void editForm(Context ctx) {
    Kind k = kind(ctx);
    Config c = config.load();
    long id = Web.requireId(ctx);
    Form f = new Form();
    switch (k) {
      case GROUPS -> {
        HostGroup g = c.group(id).orElseThrow(NotFound::new);
        f.set("name", g.name()).set("members", g.members().stream().map(String::valueOf)
            .collect(Collectors.joining(",")));
      }
      case LISTS -> {
        AddressList l = c.addressList(id).orElseThrow(NotFound::new);
        f.set("name", l.name()).set("entries", String.join("\n", l.texts()));
      }
      case SERVICES -> {
        Service x = c.service(id).filter(s -> !s.builtIn()).orElseThrow(NotFound::new);
        f.set("name", x.name()).set("entries", x.entriesText());
      }
      case SCHEDULES -> {
        Schedule x = c.schedule(id).orElseThrow(NotFound::new);
        f.set("name", x.name()).set("windows", x.windowsText());
      }
      default -> throw new IllegalStateException();
    }
    renderForm(ctx, 200, k, f, id);
  }

  void create(Context ctx) {
    Kind k = kind(ctx);
    Form f = posted(ctx, k);
    try {
      ConfigService.Edit<Long> added = config.edit(c -> {
        long id = c.nextObjectId();
        return ConfigService.Change.of(save(c, k, f, id), id);
      });
      Web.success(ctx, "flash.object.added", f.value("name").strip(), added.result());
      Web.seeOther(ctx, "/objects");
    } catch (Form.Invalid e) {
      renderForm(ctx, 400, k, f, null);
    }
  }

  void update(Context ctx) {
    Kind k = kind(ctx);
    long id = Web.requireId(ctx);
    Form f = posted(ctx, k);
    try {
      config.update(c -> {
        find(c, k, id);
        return save(c, k, f, id);
      });
      Web.success(ctx, "flash.object.saved", f.value("name").strip());
      Web.seeOther(ctx, "/objects");
    } catch (Form.Invalid e) {
      renderForm(ctx, 400, k, f, id);
    }
  }

  void delete(Context ctx) {
    Kind k = kind(ctx);
    long id = Web.requireId(ctx);
    String refusal = config.edit(c -> {
      find(c, k, id);
      String refused = deleteRefusal(c, id);
      return ConfigService.Change.of(refused == null ? without(c, k, id) : c, refused);
    }).result();
    if (refusal != null) {
      Web.error(ctx, dev.sekisho.i18n.Message.plain(refusal));
    } else {
      Web.success(ctx, "flash.object.deleted", id);
    }
    Web.seeOther(ctx, "/objects");
  }

  /** Why the object cannot be deleted (rules use it), or null. */
  static String deleteRefusal(Config c, long id) {
    List<Long> using = c.rulesUsing(id);
    if (!using.isEmpty()) {
      return Lang.t("flash.object.in_use", id, using.size(),
          using.stream().map(r -> "#" + r).collect(Collectors.joining(", ")));
    }
    List<Long> forwards = c.forwardsUsing(id);
    return forwards.isEmpty() ? null : Lang.t("flash.object.in_use_forwards", id,
        forwards.stream().map(r -> "#" + r).collect(Collectors.joining(", ")));
  }

  static Config without(Config c, Kind k, long id) {
    return switch (k) {
      case GROUPS -> c.withGroups(c.groups().stream().filter(g -> g.id() != id).toList());
      case LISTS -> c.withAddressLists(c.addressLists().stream().filter(l -> l.id() != id).toList());
      case SERVICES -> c.withServices(c.services().stream().filter(x -> x.id() != id).toList());
      case SCHEDULES -> c.withSchedules(c.schedules().stream().filter(x -> x.id() != id).toList());
    };
  }

  static Object find(Config c, Kind k, long id) {
    return switch (k) {
      case GROUPS -> c.group(id).orElseThrow(NotFound::new);
      case LISTS -> c.addressList(id).orElseThrow(NotFound::new);
      case SERVICES -> c.service(id).filter(s -> !s.builtIn()).orElseThrow(NotFound::new);
      case SCHEDULES -> c.schedule(id).orElseThrow(NotFound::new);
    };
  }

  /** The posted form: checkboxes of members become one list, an uploaded list file joins the typed entries. */
  private static Form posted(Context ctx, Kind k) {
    Form f = Form.posted(ctx, k.fields.toArray(String[]::new));
    if (k == Kind.GROUPS && !ctx.formParams("member").isEmpty()) {
      f.set("members", String.join(",", ctx.formParams("member")));
    }
    if (k == Kind.LISTS && ctx.isMultipartFormData()) {
      UploadedFile file = ctx.uploadedFile("file");
      if (file != null && file.size() > 0) {
        if (file.size() > MAX_LIST_FILE) {
          f.reject("entries", Lang.t("problem.list.file_too_big", MAX_LIST_FILE / (1024 * 1024)));
        } else {
          try (InputStream in = file.content()) {
            String text = new String(in.readNBytes(MAX_LIST_FILE), StandardCharsets.UTF_8);
            String typed = f.value("entries");
            f.set("entries", typed.isBlank() ? text : typed + "\n" + text);
          } catch (IOException e) {
            f.reject("entries", Lang.t("problem.list.file_unreadable"));
          }
        }
      }
    }
    return f;
  }

  /** Parses the form into the object with this id and returns the new draft, or aborts with the form's errors. */
  static Config save(Config c, Kind k, Form f, long id) {
    String name = f.parse("name", Names::hostName);
    Config next;
    String prefix;
    switch (k) {
      case GROUPS -> {
        List<Long> members = new ArrayList<>();
        for (String part : f.value("members").split("[,\\s]+")) {
          if (part.isEmpty()) {
            continue;
          }
          if (!part.matches("[0-9]{1,18}") || c.host(Long.parseLong(part)).isEmpty()) {
            f.reject("members", Lang.t("problem.group.no_such_host", part));
            break;
          }
          members.add(Long.valueOf(part));
        }
        f.throwIfInvalid();
        next = c.withGroups(replace(c.groups(), new HostGroup(id, name, members), HostGroup::id));
        prefix = "groups[" + indexOf(next.groups(), id, HostGroup::id) + "]";
      }
      case LISTS -> {
        AddressList.Parsed parsed = AddressList.parseEntries(f.value("entries"), "entries");
        if (!parsed.problems().isEmpty()) {
          f.reject("entries", parsed.problems().stream().map(p -> Lang.text(p.text()))
              .collect(Collectors.joining("; ")));
        }
        f.throwIfInvalid();
        next = c.withAddressLists(replace(c.addressLists(), new AddressList(id, name, parsed.entries(),
            parsed.domains()), AddressList::id));
        prefix = "addressLists[" + indexOf(next.addressLists(), id, AddressList::id) + "]";
      }
      case SERVICES -> {
        List<Service.Entry> entries = f.parse("entries", Service::parseEntries);
        f.throwIfInvalid();
        next = c.withServices(replace(c.services(), new Service(id, name, entries), Service::id));
        prefix = "services[" + indexOf(next.services(), id, Service::id) + "]";
      }
      case SCHEDULES -> {
        List<Schedule.Window> windows = f.parse("windows", Schedule::parseWindows);
        f.throwIfInvalid();
        next = c.withSchedules(replace(c.schedules(), new Schedule(id, name, windows), Schedule::id));
        prefix = "schedules[" + indexOf(next.schedules(), id, Schedule::id) + "]";
      }
      default -> throw new IllegalStateException();
    }
    List<Problem> problems = ConfigValidator.validate(next);
    f.rejectLocated(problems.stream().filter(p -> p.path().startsWith(prefix)).toList(), prefix, k.fields);
    // A change that breaks a rule naming the object (a member without a MAC while IPv6 is forwarded) is refused.
    List<Problem> was = ConfigValidator.validate(c);
    for (Problem p : problems) {
      if (p.path().startsWith("rules[") && !was.contains(p)) {
        f.reject(k == Kind.GROUPS ? "members" : "name", Lang.text(p.text()));
      }
    }
    f.throwIfInvalid();
    return next;
  }

  private static <T> List<T> replace(List<T> list, T item, Function<T, Long> id) {
    List<T> out = new ArrayList<>(list);
    for (int i = 0; i < out.size(); i++) {
      if (id.apply(out.get(i)).equals(id.apply(item))) {
        out.set(i, item);
        return out;
      }
    }
    out.add(item);
    return out;
  }

  private static <T> int indexOf(List<T> list, long id, Function<T, Long> key) {
    for (int i = 0; i < list.size(); i++) {
      if (key.apply(list.get(i)) == id) {
        return i;
      }
    }
    return -1;
  }

  static Kind kind(Context ctx) {
    String k = ctx.pathParam("kind");
    for (Kind x : Kind.values()) {
      if (x.path.equals(k)) {
        return x;
      }
    }
    throw new NotFound();
  }

  private void renderForm(Context ctx, int status, Kind k, Form f, Long id) {
    Config c = config.load();
    Map<String, Object> model = new HashMap<>();
    model.put("nav", "objects");
    model.put("form", f);
    model.put("kind", k.path);
    model.put("editing", id != null);
    model.put("action", "/objects/" + k.path + (id == null ? "" : "/" + id));
    List<String> chosen = List.of(f.value("members").split(","));
    model.put("hosts", c.hosts().stream().map(h -> new Option(Long.toString(h.id()), h.name() + " (" + h.ip() + ")",
        chosen.contains(Long.toString(h.id())))).toList());
    views.render(ctx, status, "objects/form", model);
  }

  /** A host offered as a group member. */
  record Option(String value, String label, boolean checked) {}
}
