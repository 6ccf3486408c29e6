package dev.sekisho.web;

import dev.sekisho.config.AddressList;
import dev.sekisho.config.Config;
import dev.sekisho.config.HostGroup;
import dev.sekisho.config.Schedule;
import dev.sekisho.config.ScheduleStatus;
import dev.sekisho.config.Service;
import io.javalin.http.Context;
import java.util.List;

/**
 * The API's objects: host groups ({@code /api/v1/groups}), address lists ({@code /api/v1/address-lists}) and
 * services ({@code /api/v1/services}, the built-in catalogue read-only) and schedules ({@code
 * /api/v1/schedules}, each with whether it is open now and when that changes, in the gateway's zone). Bodies are the panel's form fields
 * ({@code name}, {@code members} or {@code entries}, each a list or one text) and go through the same
 * {@link ObjectController#save}, so errors are located as the panel's ({@code groups[0].members}).
 */
final class ApiObjectHandlers {
  private final ConfigService config;

  ApiObjectHandlers(ConfigService config) {
    this.config = config;
  }

  /** A group as JSON. */
  record GroupJson(long id, String name, List<Long> members, List<Long> usedBy) {}

  /** An address list as JSON. */
  record ListJson(long id, String name, List<String> entries, List<Long> usedBy) {}

  /** A service as JSON. */
  record ServiceJson(long id, String name, List<String> entries, boolean builtIn, List<Long> usedBy) {}

  /**
   * A schedule as JSON.
   *
   * @param windows as the panel writes them ({@code mon-fri 16:00-20:00}, {@code fri 22:00-02:00+1})
   * @param openNow whether a window is open now in the gateway's zone
   * @param nextChange when that changes (ISO-8601 UTC), or null when never
   */
  record ScheduleJson(long id, String name, List<String> windows, boolean openNow, String nextChange,
      List<Long> usedBy) {}

  static Object json(Config c, Object o) {
    if (o instanceof Schedule x) {
      ScheduleStatus st = ScheduleStatus.of(x, c.settings().zoneOr(java.time.ZoneId.systemDefault()),
          java.time.Instant.now());
      return new ScheduleJson(x.id(), x.name(), x.windows().stream().map(Object::toString).toList(), st.open(),
          st.nextChange() == null ? null : st.nextChange().toString(), c.rulesUsing(x.id()));
    }
    if (o instanceof HostGroup g) {
      return new GroupJson(g.id(), g.name(), g.members(), c.rulesUsing(g.id()));
    }
    if (o instanceof AddressList l) {
      return new ListJson(l.id(), l.name(), l.texts(),
          c.rulesUsing(l.id()));
    }
    Service x = (Service) o;
    return new ServiceJson(x.id(), x.name(), x.entries().stream().map(Object::toString).toList(), x.builtIn(),
        c.rulesUsing(x.id()));
  }

  private static ObjectController.Kind kind(Context ctx) {
    String p = ctx.path();
    if (p.startsWith("/api/v1/groups")) {
      return ObjectController.Kind.GROUPS;
    }
    if (p.startsWith("/api/v1/schedules")) {
      return ObjectController.Kind.SCHEDULES;
    }
    return p.startsWith("/api/v1/address-lists") ? ObjectController.Kind.LISTS : ObjectController.Kind.SERVICES;
  }

  private static String base(ObjectController.Kind k) {
    return switch (k) {
      case GROUPS -> "/api/v1/groups";
      case LISTS -> "/api/v1/address-lists";
      case SERVICES -> "/api/v1/services";
      case SCHEDULES -> "/api/v1/schedules";
    };
  }

  private static String section(ObjectController.Kind k) {
    return switch (k) {
      case GROUPS -> "groups";
      case LISTS -> "addressLists";
      case SERVICES -> "services";
      case SCHEDULES -> "schedules";
    };
  }

  private static List<?> all(Config c, ObjectController.Kind k) {
    return switch (k) {
      case GROUPS -> c.groups();
      case LISTS -> c.addressLists();
      case SERVICES -> c.allServices();
      case SCHEDULES -> c.schedules();
    };
  }

  void list(Context ctx) {
    Config c = config.load();
    ApiJson.send(ctx, 200, all(c, kind(ctx)).stream().map(o -> json(c, o)).toList());
  }

  void get(Context ctx) {
    Config c = config.load();
    ObjectController.Kind k = kind(ctx);
    long id = Web.requireId(ctx);
    Object o = k == ObjectController.Kind.SERVICES ? c.service(id).orElseThrow(NotFound::new)
        : ObjectController.find(c, k, id);
    ApiJson.send(ctx, 200, json(c, o));
  }

  void create(Context ctx) {
    ObjectController.Kind k = kind(ctx);
    Form f = ApiConfigHandlers.form(ctx, k.fields);
    long[] id = new long[1];
    Config saved = new ApiConfigHandlers(config).located(() -> config.edit(c -> {
      id[0] = c.nextObjectId();
      return ConfigService.Change.of(ObjectController.save(c, k, f, id[0]), id[0]);
    }).after(), c -> section(k) + "[" + index(c, k, -1) + "]", f);
    ctx.header("Location", base(k) + "/" + id[0]);
    ApiJson.send(ctx, 201, json(saved, ObjectController.find(saved, k, id[0])));
  }

  void update(Context ctx) {
    ObjectController.Kind k = kind(ctx);
    long id = Web.requireId(ctx);
    Form f = ApiConfigHandlers.form(ctx, k.fields);
    Config saved = new ApiConfigHandlers(config).located(() -> config.update(c -> {
      ObjectController.find(c, k, id);
      return ObjectController.save(c, k, f, id);
    }).after(), c -> section(k) + "[" + index(c, k, id) + "]", f);
    ApiJson.send(ctx, 200, json(saved, ObjectController.find(saved, k, id)));
  }

  void delete(Context ctx) {
    ObjectController.Kind k = kind(ctx);
    long id = Web.requireId(ctx);
    String refusal = config.edit(c -> {
      ObjectController.find(c, k, id);
      String refused = ObjectController.deleteRefusal(c, id);
      return ConfigService.Change.of(refused == null ? ObjectController.without(c, k, id) : c, refused);
    }).result();
    if (refusal != null) {
      throw new ApiProblem(409, "conflict", refusal);
    }
    ctx.status(204);
  }

  private static int index(Config c, ObjectController.Kind k, long id) {
    List<?> list = switch (k) {
      case GROUPS -> c.groups();
      case LISTS -> c.addressLists();
      case SERVICES -> c.services();
      case SCHEDULES -> c.schedules();
    };
    for (int i = 0; i < list.size(); i++) {
      Object o = list.get(i);
      long oid = o instanceof HostGroup g ? g.id() : o instanceof AddressList l ? l.id()
          : o instanceof Schedule x ? x.id() : ((Service) o).id();
      if (oid == id) {
        return i;
      }
    }
    return list.size();
  }
}
