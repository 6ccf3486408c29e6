package dev.sekisho.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sekisho.config.Config;
import dev.sekisho.config.ConfigValidator;
import dev.sekisho.config.Host;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Policy;
import dev.sekisho.config.Settings;
import dev.sekisho.config.UnknownDevices;
import dev.sekisho.config.Problem;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The API's interfaces, hosts, LAN default policy, NAT and settings: every change goes through the same
 * {@link ConfigService} edit and the same controller operation as the panel's form (the JSON members become
 * the form's fields), so the checks and their messages are the form's, located as {@code hosts[2].ip}.
 * The rules are in {@link ApiRuleHandlers}.
 */
final class ApiConfigHandlers {
  private final ConfigService config;

  ApiConfigHandlers(ConfigService config) {
    this.config = config;
  }

  // --- interfaces

  void interfaces(Context ctx) {
    ApiJson.send(ctx, 200, config.load().interfaces().stream().map(ApiShapes::of).toList());
  }

  void iface(Context ctx) {
    ApiJson.send(ctx, 200, ApiShapes.of(findInterface(config.load(), ctx.pathParam("name"))));
  }

  void createInterface(Context ctx) {
    Form f = form(ctx, InterfaceController.FIELDS);
    Config saved = located(() -> config.update(c -> InterfaceController.save(c, f, null)).after(),
        c -> "interfaces[" + c.interfaces().size() + "]", f);
    NetInterface i = findInterface(saved, f.value("name").strip());
    ctx.header("Location", "/api/v1/interfaces/" + i.name());
    ApiJson.send(ctx, 201, ApiShapes.of(i));
  }

  void updateInterface(Context ctx) {
    String old = ctx.pathParam("name");
    Form f = form(ctx, InterfaceController.FIELDS);
    Config saved = located(() -> config.update(c -> {
      InterfaceController.find(c, old);
      return InterfaceController.save(c, f, old);
    }).after(), c -> "interfaces[" + indexOfInterface(c, old) + "]", f);
    ApiJson.send(ctx, 200, ApiShapes.of(findInterface(saved, f.value("name").strip())));
  }

  void deleteInterface(Context ctx) {
    String name = ctx.pathParam("name");
    ConfigService.Edit<Void> e = config.update(c -> {
      InterfaceController.find(c, name);
      return c.withoutInterface(name);
    });
    // As in the panel: allowed even when it leaves the draft incomplete, and said so now.
    List<Problem> was = ConfigValidator.validate(e.before());
    List<Problem> notes = ConfigValidator.validate(e.after()).stream().filter(p -> !was.contains(p)).toList();
    ApiJson.send(ctx, 200, Map.of("deleted", name, "notes", ApiShapes.problems(notes)));
  }

  // --- hosts

  void hosts(Context ctx) {
    ApiJson.send(ctx, 200, config.load().hosts().stream().map(ApiShapes::of).toList());
  }

  void host(Context ctx) {
    ApiJson.send(ctx, 200, ApiShapes.of(config.load().host(Web.requireId(ctx)).orElseThrow(NotFound::new)));
  }

  void createHost(Context ctx) {
    Form f = form(ApiJson.object(ctx, Set.copyOf(HostController.FIELDS), ""), HostController.FIELDS, Set.of("ask"));
    long[] id = new long[1];
    Config saved = located(() -> config.edit(c -> {
      id[0] = c.nextHostId();
      return ConfigService.Change.of(HostController.save(c, f, id[0]), id[0]);
    }).after(), c -> "hosts[" + c.hosts().size() + "]", f);
    ctx.header("Location", "/api/v1/hosts/" + id[0]);
    ApiJson.send(ctx, 201, ApiShapes.of(saved.host(id[0]).orElseThrow()));
  }

  void updateHost(Context ctx) {
    long id = Web.requireId(ctx);
    Form f = form(ApiJson.object(ctx, Set.copyOf(HostController.FIELDS), ""), HostController.FIELDS, Set.of("ask"));
    Config saved = located(() -> config.update(c -> {
      c.host(id).orElseThrow(NotFound::new);
      return HostController.save(c, f, id);
    }).after(), c -> "hosts[" + indexOfHost(c, id) + "]", f);
    ApiJson.send(ctx, 200, ApiShapes.of(saved.host(id).orElseThrow()));
  }

  void deleteHost(Context ctx) {
    long id = Web.requireId(ctx);
    String refusal = config.edit(c -> {
      Host h = c.host(id).orElseThrow(NotFound::new);
      String refused = HostController.deleteRefusal(c, h);
      return ConfigService.Change.of(refused == null ? c.withoutHost(id) : c, refused);
    }).result();
    if (refusal != null) {
      throw new ApiProblem(409, "conflict", refusal);
    }
    ctx.status(204);
  }

  // --- policy, NAT, settings

  void policy(Context ctx) {
    ApiJson.send(ctx, 200, ApiShapes.PolicyJson.of(config.load()));
  }

  /** PUT /policy: the LAN default and/or the unknown-devices policy; a field left out keeps its value. */
  void setPolicy(Context ctx) {
    Form f = form(ctx, List.of("lanDefault", "unknownDevices"));
    boolean unknownGiven = !f.value("unknownDevices").isEmpty();
    Policy p = unknownGiven && f.value("lanDefault").isEmpty() ? null : f.parse("lanDefault", Policy::parse);
    UnknownDevices u = unknownGiven ? f.parse("unknownDevices", UnknownDevices::parse) : null;
    throwIfInvalid(f, "settings");
    Config saved = config.update(c -> c.withSettings(s -> {
      Settings next = p == null ? s : s.withLanDefault(p);
      return u == null ? next : next.withUnknownDevices(u);
    })).after();
    ApiJson.send(ctx, 200, ApiShapes.PolicyJson.of(saved));
  }

  void nat(Context ctx) {
    ApiJson.send(ctx, 200, ApiShapes.nat(config.load()));
  }

  void setNat(Context ctx) {
    ObjectNode body = ApiJson.object(ctx, Set.of("masquerade"), "");
    List<Problem> errors = new ArrayList<>();
    if (!body.has("masquerade")) {
      errors.add(new Problem("settings.masquerade", "required: true or false"));
    }
    boolean on = ApiJson.bool(body, "masquerade", false, errors, "settings");
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid("the NAT settings have errors", errors);
    }
    Form f = new Form();
    Config saved = located(() -> config.update(c -> NatController.masquerade(c, on, f)).after(), c -> "settings", f);
    ApiJson.send(ctx, 200, ApiShapes.nat(saved));
  }

  void settings(Context ctx) {
    ApiJson.send(ctx, 200, ApiShapes.settings(config.load()));
  }

  /**
   * PUT /api/v1/settings. Turning anti-lockout off needs {@code "understood": true}, like the panel's tick. The
   * panel also asks for the password again there, against a stolen session; an API request carries no
   * password, and a write key already allows any apply, so the key's write scope is what is asked for.
   */
  void setSettings(Context ctx) {
    ObjectNode body = ApiJson.object(ctx, Set.of("sshFromLan", "antiLockout", "understood", "timeZone"), "");
    List<Problem> errors = new ArrayList<>();
    Config now = config.load();
    boolean ssh = ApiJson.bool(body, "sshFromLan", now.settings().sshFromLan(), errors, "settings");
    boolean antiLockout = ApiJson.bool(body, "antiLockout", now.settings().antiLockout(), errors, "settings");
    boolean understood = ApiJson.bool(body, "understood", false, errors, "settings");
    // the gateway's time zone: absent keeps it, null or "" is the system's zone, else an IANA id
    boolean zoneGiven = body.has("timeZone");
    java.time.ZoneId zone = now.settings().timeZone();
    if (zoneGiven) {
      var z = body.get("timeZone");
      if (z.isNull() || z.isTextual() && z.textValue().isBlank()) {
        zone = null;
      } else if (!z.isTextual()) {
        errors.add(new Problem("settings.timeZone", "must be a string or null"));
      } else {
        try {
          zone = dev.sekisho.config.Settings.parseZone(z.textValue());
        } catch (dev.sekisho.config.ParseException e) {
          errors.add(new Problem("settings.timeZone", Lang.text(e.text())));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw ApiProblem.invalid("the settings have errors", errors);
    }
    java.time.ZoneId newZone = zone;
    Form f = new Form();
    if (understood) {
      f.set("understood", "on");
    }
    Config saved = located(() -> config.update(c -> SettingsController.access(c, ssh, antiLockout, f)
        .withSettings(x -> x.withTimeZone(newZone))).after(), c -> "settings", f);
    ApiJson.send(ctx, 200, ApiShapes.settings(saved));
  }

  /** GET /api/v1/settings/dns: the DNS forwarder's settings (rules by domain name). */
  void dnsSettings(Context ctx) {
    ApiJson.send(ctx, 200, ApiShapes.dnsSettings(config.load()));
  }

  /** PUT /api/v1/settings/dns: all members, through the panel's checks; errors located as settings.dnsTtlCap. */
  void setDnsSettings(Context ctx) {
    List<String> fields = List.of("dnsUpstream", "dnsTtlFloor", "dnsTtlCap", "dnsRedirect");
    Form f = form(ApiJson.object(ctx, Set.copyOf(fields), ""), fields, Set.of("dnsRedirect"));
    Config saved = located(() -> config.update(c -> DnsSettingsController.save(c, f)).after(), c -> "settings", f);
    ApiJson.send(ctx, 200, ApiShapes.dnsSettings(saved));
  }

  // --- shared

  /** The JSON body as the form's fields: only {@code fields} are known; wrong types are the fields' errors. */
  static Form form(Context ctx, List<String> fields) {
    return form(ApiJson.object(ctx, Set.copyOf(fields), ""), fields, Set.of());
  }

  /** {@link #form(Context, List)} of a body already read; the {@code booleans} must be true or false. */
  /** The fields that may be given as a JSON list (each element a line of the form's text). */
  static final Set<String> LIST_FIELDS = Set.of("ipv6", "members", "entries", "allowedSources", "windows");

  static Form form(ObjectNode body, List<String> fields, Set<String> booleans) {
    Form f = new Form();
    for (String name : fields) {
      var v = body.get(name);
      if (v == null || v.isNull()) {
        continue;
      }
      if (booleans.contains(name) && !v.isBoolean()) {
        f.reject(name, "must be true or false");
      } else if (v.isBoolean()) {
        if (v.booleanValue()) {
          f.set(name, "on");
        }
      } else if (v.isTextual()) {
        f.set(name, v.textValue());
      } else if (v.isIntegralNumber() && v.canConvertToLong()) {
        f.set(name, Long.toString(v.longValue()));
      } else if (v.isArray() && LIST_FIELDS.contains(name) && v.size() <= dev.sekisho.config.AddressList.MAX_ENTRIES
          && java.util.stream.StreamSupport.stream(v.spliterator(), false)
          .allMatch(e -> e.isTextual() || e.isIntegralNumber() && e.canConvertToLong())) {
        // a list (a host's ipv6, a group's members, a list's or service's entries): the form reads it as lines
        List<String> lines = new java.util.ArrayList<>();
        v.forEach(e -> lines.add(e.isTextual() ? e.textValue() : Long.toString(e.longValue())));
        f.set(name, String.join("\n", lines));
      } else {
        f.reject(name, "must be a string, a whole number or true/false");
      }
    }
    return f;
  }

  /** Runs an edit; the form's errors become a 400 located at {@code prefix} (computed on the current draft). */
  Config located(java.util.function.Supplier<Config> edit, java.util.function.Function<Config, String> prefix,
      Form f) {
    try {
      if (f.hasErrors()) {
        f.throwIfInvalid();
      }
      return edit.get();
    } catch (Form.Invalid e) {
      throw invalid(e.form(), prefix.apply(config.load()));
    }
  }

  /** A 400 with the form's errors at {@code prefix.field} (the item itself for general errors). */
  static ApiProblem invalid(Form f, String prefix) {
    List<Problem> errors = new ArrayList<>();
    f.errors().forEach((field, message) -> errors.add(new Problem(Form.GENERAL.equals(field) ? prefix
        : ApiJson.path(prefix, field), message)));
    errors.sort(java.util.Comparator.comparing(Problem::path));
    return ApiProblem.invalid("the request has " + errors.size() + " error" + (errors.size() == 1 ? "" : "s"),
        errors);
  }

  static void throwIfInvalid(Form f, String prefix) {
    if (f.hasErrors()) {
      throw invalid(f, prefix);
    }
  }

  private static NetInterface findInterface(Config c, String name) {
    return c.interfaces().stream().filter(i -> i.name().equals(name)).findFirst()
        .orElseThrow(() -> ApiProblem.notFound("no interface called " + name));
  }

  private static int indexOfInterface(Config c, String name) {
    for (int i = 0; i < c.interfaces().size(); i++) {
      if (c.interfaces().get(i).name().equals(name)) {
        return i;
      }
    }
    return c.interfaces().size();
  }

  private static int indexOfHost(Config c, long id) {
    for (int i = 0; i < c.hosts().size(); i++) {
      if (c.hosts().get(i).id() == id) {
        return i;
      }
    }
    return c.hosts().size();
  }
}
