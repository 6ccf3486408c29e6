package dev.sekisho.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * The JSON form of a {@link Config}: what revisions store, what backups carry and what golden tests are
 * written in. Writing is deterministic (same Config, same bytes). Reading is strict ({@link StrictJson}, the
 * reader backups use too): unknown or duplicate fields, trailing content, wrong types and bad values are all
 * reported with their location, and nothing is half-read.
 */
public final class ConfigCodec {
  /**
   * The largest configuration text read: a bound, far above what the panel builds (10,000 rules are about
   * 3 MB of JSON), so that a stored or given file cannot make the reader take unbounded memory.
   */
  public static final int MAX_BYTES = 64 * 1024 * 1024;
  /** A configuration is three levels deep (root, list, item); the bound leaves room and no more. */
  public static final int MAX_DEPTH = 8;

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final StrictJson STRICT = StrictJson.limitedTo(MAX_BYTES, MAX_DEPTH);

  private ConfigCodec() {}

  /** The result of reading: either a Config (and no problems) or the problems (and no Config). */
  public record Parsed(Config config, List<Problem> problems) {
    /** True when the input was read completely. */
    public boolean ok() {
      return config != null;
    }
  }

  /** Renders the configuration as pretty-printed JSON with a stable field order. */
  public static String toJson(Config c) {
    try {
      return MAPPER.writeValueAsString(toTree(c)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The configuration as a JSON tree, for embedding in larger documents (backups). */
  public static ObjectNode toTree(Config c) {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode ifs = root.putArray("interfaces");
    for (NetInterface i : c.interfaces()) {
      ObjectNode n = ifs.addObject();
      n.put("name", i.name());
      n.put("role", i.role().label());
      n.put("address", i.address() == null ? null : i.address().toString());
      // optional fields are left out when unused, so an IPv4-only configuration reads as it always did
      if (i.address6() != null) {
        n.put("address6", i.address6().toString());
      }
    }
    ArrayNode hosts = root.putArray("hosts");
    for (Host h : c.hosts()) {
      ObjectNode n = hosts.addObject();
      n.put("id", h.id());
      n.put("name", h.name());
      n.put("mac", h.mac() == null ? null : h.mac().toString());
      n.put("ip", h.ip().toString());
      if (!h.ipv6().isEmpty()) {
        ArrayNode a = n.putArray("ipv6");
        h.ipv6().forEach(x -> a.add(x.toString()));
      }
      // decisions inbox: absent unless on, so a configuration without ask mode reads as before
      if (h.ask()) {
        n.put("ask", true);
      }
    }
    // objects are left out when there are none, so a configuration without them reads as it always did
    if (!c.groups().isEmpty()) {
      ArrayNode gs = root.putArray("groups");
      for (HostGroup g : c.groups()) {
        ObjectNode n = gs.addObject();
        n.put("id", g.id());
        n.put("name", g.name());
        ArrayNode m = n.putArray("members");
        g.members().forEach(m::add);
      }
    }
    if (!c.addressLists().isEmpty()) {
      ArrayNode ls = root.putArray("addressLists");
      for (AddressList l : c.addressLists()) {
        ObjectNode n = ls.addObject();
        n.put("id", l.id());
        n.put("name", l.name());
        ArrayNode e = n.putArray("entries");
        l.texts().forEach(e::add); // networks, then domain names
      }
    }
    if (!c.services().isEmpty()) {
      ArrayNode ss = root.putArray("services");
      for (Service x : c.services()) {
        ObjectNode n = ss.addObject();
        n.put("id", x.id());
        n.put("name", x.name());
        ArrayNode e = n.putArray("entries");
        x.entries().forEach(y -> e.add(y.toString()));
      }
    }
    if (!c.schedules().isEmpty()) {
      ArrayNode ss = root.putArray("schedules");
      for (Schedule x : c.schedules()) {
        ObjectNode n = ss.addObject();
        n.put("id", x.id());
        n.put("name", x.name());
        ArrayNode e = n.putArray("windows");
        x.windows().forEach(y -> e.add(y.toString()));
      }
    }
    ArrayNode rules = root.putArray("rules");
    for (Rule r : c.rules()) {
      ObjectNode n = rules.addObject();
      n.put("id", r.id());
      n.put("source", r.sourceHostId());
      n.put("destination", r.destination() == null ? null : r.destination().toString());
      n.put("protocol", r.protocol().label());
      n.put("ports", r.ports() == null ? null : r.ports().toString());
      n.put("action", r.action().label());
      n.put("log", r.log());
      n.put("comment", r.comment().text());
      n.put("enabled", r.enabled());
      if (r.sourceGroupId() != null) {
        n.put("sourceGroup", r.sourceGroupId());
      }
      if (r.destinationListId() != null) {
        n.put("destinationList", r.destinationListId());
      }
      if (r.serviceId() != null) {
        n.put("service", r.serviceId());
      }
      if (r.scheduleId() != null) {
        n.put("schedule", r.scheduleId());
      }
      // temporary and count-limited rules: absent when unset, so other rules read as before
      if (r.expiresAt() != null) {
        n.put("expiresAt", r.expiresAt().toString());
      }
      if (r.connectionLimit() != null) {
        n.put("connectionLimit", r.connectionLimit());
      }
      if (r.destinationDomain() != null) {
        n.put("destinationDomain", r.destinationDomain().toString());
      }
    }
    // like address6: absent when there are none, so a configuration without forwards reads as before
    if (!c.forwards().isEmpty()) {
      ArrayNode fwds = root.putArray("forwards");
      for (PortForward f : c.forwards()) {
        ObjectNode n = fwds.addObject();
        n.put("id", f.id());
        n.put("protocol", f.protocol().label());
        n.put("wanPorts", f.wanPorts().toString());
        n.put("host", f.hostId());
        n.put("target", f.target() == null ? null : f.target().toString());
        n.put("targetPort", f.targetPort());
        ArrayNode a = n.putArray("allowedSources");
        f.allowedSources().forEach(x -> a.add(x.toString()));
        n.put("reflection", f.reflection());
        n.put("log", f.log());
        n.put("comment", f.comment().text());
        n.put("enabled", f.enabled());
        if (f.allowedListId() != null) {
          n.put("allowedList", f.allowedListId());
        }
      }
    }
    ObjectNode s = root.putObject("settings");
    s.put("lanDefault", c.settings().lanDefault().label());
    s.put("masquerade", c.settings().masquerade());
    s.put("adminPort", c.settings().adminPort());
    s.put("sshFromLan", c.settings().sshFromLan());
    s.put("antiLockout", c.settings().antiLockout());
    if (c.settings().unknownDevices() != UnknownDevices.ALLOW) {
      s.put("unknownDevices", c.settings().unknownDevices().label()); // left out when unused, as before it
    }
    if (c.settings().timeZone() != null) {
      s.put("timeZone", c.settings().timeZone().getId());
    }
    // decisions inbox: the bounds only when not the defaults, the decisions only when there are some
    if (c.settings().askMaxPerHost() != Settings.ASK_MAX_PER_HOST
        || c.settings().askMaxTotal() != Settings.ASK_MAX_TOTAL) {
      s.put("askMaxPerHost", c.settings().askMaxPerHost());
      s.put("askMaxTotal", c.settings().askMaxTotal());
    }
    if (!c.decisions().isEmpty()) {
      ArrayNode ds = root.putArray("decisions");
      for (Decision d : c.decisions()) {
        ObjectNode n = ds.addObject();
        n.put("id", d.id());
        n.put("host", d.hostId());
        n.put("destination", d.destination().toString());
        n.put("protocol", d.protocol().label());
        n.put("port", d.port());
        n.put("verdict", d.verdict().label());
        n.put("expires", d.expires() == null ? null : d.expires().toString());
      }
    }
    // the DNS forwarder's settings only when they differ from a configuration without it
    Settings st = c.settings();
    if (st.dnsUpstream() != null) {
      s.put("dnsUpstream", st.dnsUpstream().toString());
    }
    if (st.dnsTtlFloor() != Settings.DEFAULT_TTL_FLOOR || st.dnsTtlCap() != Settings.DEFAULT_TTL_CAP) {
      s.put("dnsTtlFloor", st.dnsTtlFloor());
      s.put("dnsTtlCap", st.dnsTtlCap());
    }
    if (st.dnsRedirect()) {
      s.put("dnsRedirect", true);
    }
    return root;
  }

  /** Reads JSON text; syntax errors and refusals of {@link StrictJson} become a single located problem. */
  public static Parsed parse(String json) {
    JsonNode root;
    try {
      root = STRICT.read(json, "the configuration");
    } catch (StrictJson.Refused e) {
      return new Parsed(null, List.of(new Problem("", e.getMessage())));
    }
    return fromTree(root);
  }

  /** Reads a JSON tree (e.g. the config part of a backup). */
  public static Parsed fromTree(JsonNode root) {
    Reader r = new Reader();
    Config c = r.config(root);
    if (!r.problems.isEmpty()) {
      return new Parsed(null, List.copyOf(r.problems));
    }
    return new Parsed(c, List.of());
  }

  /** Walks the tree, collecting every problem instead of stopping at the first. */
  private static final class Reader {
    final List<Problem> problems = new ArrayList<>();

    Config config(JsonNode root) {
      if (!object(root, "", List.of("interfaces", "hosts", "rules", "settings"),
          List.of("groups", "addressLists", "services", "forwards", "schedules", "decisions"))) {
        return null;
      }
      List<NetInterface> ifs = list(root, "interfaces", this::iface);
      List<Host> hosts = list(root, "hosts", this::host);
      List<HostGroup> groups = root.has("groups") ? list(root, "groups", this::group) : List.of();
      List<AddressList> lists = root.has("addressLists") ? list(root, "addressLists", this::addressList)
          : List.of();
      List<Service> services = root.has("services") ? list(root, "services", this::service) : List.of();
      List<Schedule> schedules = root.has("schedules") ? list(root, "schedules", this::schedule) : List.of();
      List<Rule> rules = list(root, "rules", this::rule);
      List<PortForward> forwards = root.has("forwards") ? list(root, "forwards", this::forward) : List.of();
      Settings settings = settings(root.get("settings"));
      List<Decision> decisions = root.has("decisions") ? list(root, "decisions", this::decision) : List.of();
      if (!problems.isEmpty()) {
        return null;
      }
      return Config.of(ifs, hosts, rules, settings).withGroups(groups).withAddressLists(lists)
          .withServices(services).withForwards(forwards).withSchedules(schedules)
          .withDecisions(decisions);
    }

    private Schedule schedule(Item it) {
      if (!object(it.node, it.path, List.of("id", "name", "windows"))) {
        return null;
      }
      Long id = id(it, "id", false);
      String name = value(it, "name", Names::hostName, false);
      List<Schedule.Window> windows = texts(it, "windows", Schedule.MAX_WINDOWS, "problem.schedule.too_many",
          Schedule.Window::parse);
      return build(it.path, () -> new Schedule(id, name, windows), id, name, windows);
    }

    private Decision decision(Item it) {
      if (!object(it.node, it.path, List.of("id", "host", "destination", "protocol", "port", "verdict",
          "expires"))) {
        return null;
      }
      Long id = id(it, "id", false);
      Long host = id(it, "host", false);
      IpAddr dst = value(it, "destination", IpAddr::parse, false);
      Protocol proto = value(it, "protocol", Protocol::parse, false);
      Long port = id(it, "port", false);
      Action verdict = value(it, "verdict", Action::parse, false);
      boolean hasExpiry = it.node.hasNonNull("expires");
      java.time.Instant expires = value(it, "expires", t -> {
        try {
          return java.time.Instant.parse(t);
        } catch (java.time.format.DateTimeParseException e) {
          throw new ParseException("problem.decision.expires");
        }
      }, true);
      if (port != null && port > 65535) {
        problems.add(Problem.of(it.path + ".port", "problem.json.port_range", port));
        return null;
      }
      if (hasExpiry && expires == null) {
        return null;
      }
      return build(it.path, () -> new Decision(id, host, dst, proto, port.intValue(), verdict, expires), id, host,
          dst, proto, port, verdict);
    }

    private HostGroup group(Item it) {
      if (!object(it.node, it.path, List.of("id", "name", "members"))) {
        return null;
      }
      Long id = id(it, "id", false);
      String name = value(it, "name", Names::hostName, false);
      JsonNode m = it.node.get("members");
      List<Long> members = new ArrayList<>();
      if (m == null || !m.isArray() || m.size() > HostGroup.MAX_MEMBERS) {
        problems.add(m != null && m.isArray() ? Problem.of(it.path + ".members", "problem.group.too_many",
            HostGroup.MAX_MEMBERS) : Problem.of(it.path + ".members", "problem.json.list"));
        return null;
      }
      for (int i = 0; i < m.size(); i++) {
        JsonNode v = m.get(i);
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() <= 0) {
          problems.add(Problem.of(it.path + ".members[" + i + "]", "problem.json.positive"));
          return null;
        }
        members.add(v.longValue());
      }
      return build(it.path, () -> new HostGroup(id, name, members), id, name);
    }

    private AddressList addressList(Item it) {
      if (!object(it.node, it.path, List.of("id", "name", "entries"))) {
        return null;
      }
      Long id = id(it, "id", false);
      String name = value(it, "name", Names::hostName, false);
      List<Object> entries = texts(it, "entries", AddressList.MAX_ENTRIES, "problem.list.too_many",
          AddressList::parseEntry);
      return build(it.path, () -> AddressList.of(id, name, entries), id, name, entries);
    }

    private Service service(Item it) {
      if (!object(it.node, it.path, List.of("id", "name", "entries"))) {
        return null;
      }
      Long id = id(it, "id", false);
      String name = value(it, "name", Names::hostName, false);
      List<Service.Entry> entries = texts(it, "entries", Service.MAX_ENTRIES, "problem.service.too_many",
          Service.Entry::parse);
      return build(it.path, () -> new Service(id, name, entries), id, name, entries);
    }

    /**
     * A list of texts, each parsed, at most {@code max} of them (else the problem under {@code tooMany} with
     * {@code max}); null when absent (a required field's absence is reported by {@link #object}) or when an
     * element is bad, with the problem at the element.
     */
    private <T> List<T> texts(Item it, String field, int max, String tooMany, Function<String, T> parse) {
      JsonNode v = it.node.get(field);
      String at = it.path + "." + field;
      if (v == null) {
        return null;
      }
      if (!v.isArray() || v.size() > max) {
        problems.add(v.isArray() ? Problem.of(at, tooMany, max) : Problem.of(at, "problem.json.list"));
        return null;
      }
      List<T> out = new ArrayList<>(v.size());
      for (int i = 0; i < v.size(); i++) {
        JsonNode e = v.get(i);
        if (!e.isTextual()) {
          problems.add(Problem.of(at + "[" + i + "]", "problem.json.text"));
          return null;
        }
        try {
          out.add(parse.apply(e.textValue()));
        } catch (ParseException x) {
          problems.add(new Problem(at + "[" + i + "]", x.text()));
          return null;
        }
      }
      return out;
    }

    private <T> List<T> list(JsonNode root, String field, Function<Item, T> each) {
      JsonNode arr = root.get(field);
      List<T> out = new ArrayList<>();
      if (arr == null || !arr.isArray()) {
        problems.add(Problem.of(field, "problem.json.list"));
        return out;
      }
      for (int i = 0; i < arr.size(); i++) {
        T t = each.apply(new Item(field + "[" + i + "]", arr.get(i)));
        if (t != null) {
          out.add(t);
        }
      }
      return out;
    }

    private record Item(String path, JsonNode node) {}

    private NetInterface iface(Item it) {
      if (!object(it.node, it.path, List.of("name", "role", "address"), List.of("address6"))) {
        return null;
      }
      String name = value(it, "name", Names::interfaceName, false);
      Role role = value(it, "role", Role::parse, false);
      InterfaceAddress addr = value(it, "address", InterfaceAddress::parse, true);
      boolean bad6 = it.node.has("address6") && !it.node.get("address6").isNull();
      InterfaceAddress6 addr6 = value(it, "address6", InterfaceAddress6::parse, true);
      if (bad6 && addr6 == null) {
        return null;
      }
      return build(it.path, () -> new NetInterface(name, role, addr, addr6), name, role);
    }

    private Host host(Item it) {
      if (!object(it.node, it.path, List.of("id", "name", "mac", "ip"), List.of("ipv6", "ask"))) {
        return null;
      }
      Long id = id(it, "id", false);
      String name = value(it, "name", Names::hostName, false);
      Mac mac = value(it, "mac", Mac::parse, true);
      Ipv4 ip = value(it, "ip", Ipv4::parse, false);
      // optional: absent is none
      List<Ipv6> v6 = it.node.has("ipv6") ? texts(it, "ipv6", Host.MAX_IPV6, "problem.host.ipv6_count", Ipv6::parse)
          : List.of();
      Boolean ask = it.node.has("ask") ? bool(it, "ask") : Boolean.FALSE;
      return build(it.path, () -> new Host(id, name, mac, ip, v6, ask), id, name, ip, v6, ask);
    }

    private Rule rule(Item it) {
      if (!object(it.node, it.path, List.of("id", "source", "destination", "protocol", "ports", "action", "log",
          "comment", "enabled"), List.of("sourceGroup", "destinationList", "service", "schedule", "expiresAt",
          "connectionLimit", "destinationDomain"))) {
        return null;
      }
      Long id = id(it, "id", false);
      Long source = id(it, "source", true);
      Network dst = value(it, "destination", Network::parse, true);
      Protocol proto = value(it, "protocol", Protocol::parse, false);
      PortRange ports = value(it, "ports", PortRange::parse, true);
      Action action = value(it, "action", Action::parse, false);
      Boolean log = bool(it, "log");
      Comment comment = value(it, "comment", Comment::new, false);
      Boolean enabled = bool(it, "enabled");
      if (ports != null && proto != null && !proto.hasPorts()) {
        problems.add(Problem.of(it.path + ".ports", "problem.rule.ports_protocol",
            proto.label()));
        return null;
      }
      Long group = id(it, "sourceGroup", true);
      Long list = id(it, "destinationList", true);
      Long service = id(it, "service", true);
      Long schedule = id(it, "schedule", true);
      java.time.Instant end = value(it, "expiresAt", Rule::parseEnd, true);
      Long limit = id(it, "connectionLimit", true);
      if ((it.node.hasNonNull("expiresAt") && end == null) || (it.node.hasNonNull("connectionLimit") && limit == null)) {
        return null;
      }
      if (limit != null && limit > Rule.MAX_CONNECTIONS) {
        problems.add(Problem.of(it.path + ".connectionLimit", "problem.rule.limit_range", Rule.MAX_CONNECTIONS));
        return null;
      }
      if (limit != null && action != null && action != Action.ALLOW) {
        problems.add(Problem.of(it.path + ".connectionLimit", "problem.rule.limit_allow_only"));
        return null;
      }
      DomainName domain = value(it, "destinationDomain", DomainName::parse, true);
      if (it.node.hasNonNull("destinationDomain") && domain == null) {
        return null;
      }
      Integer n = limit == null ? null : limit.intValue();
      return build(it.path, () -> new Rule(id, source, dst, proto, ports, action, log, comment, enabled, group, list,
          service, schedule, end, n, domain), id, proto, action, log, comment, enabled);
    }

    private PortForward forward(Item it) {
      if (!object(it.node, it.path, List.of("id", "protocol", "wanPorts", "host", "target", "targetPort",
          "allowedSources", "reflection", "log", "comment", "enabled"), List.of("allowedList"))) {
        return null;
      }
      Long id = id(it, "id", false);
      Long allowedList = id(it, "allowedList", true);
      Protocol proto = value(it, "protocol", Protocol::parse, false);
      PortRange ports = value(it, "wanPorts", PortRange::parse, false);
      Long host = id(it, "host", true);
      Ipv4 target = value(it, "target", Ipv4::parse, true);
      Long targetPort = id(it, "targetPort", true);
      List<Cidr> sources = texts(it, "allowedSources", PortForward.MAX_SOURCES, "problem.forward.sources_count",
          Cidr::parse);
      Boolean reflection = bool(it, "reflection");
      Boolean log = bool(it, "log");
      Comment comment = value(it, "comment", Comment::new, false);
      Boolean enabled = bool(it, "enabled");
      if (targetPort != null && targetPort > 65535) {
        problems.add(Problem.of(it.path + ".targetPort", "problem.json.port_range", targetPort));
        return null;
      }
      boolean badTarget = it.node.hasNonNull("target") && target == null;
      boolean badTargetPort = it.node.hasNonNull("targetPort") && targetPort == null;
      if (badTarget || badTargetPort) {
        return null;
      }
      Integer tp = targetPort == null ? null : targetPort.intValue();
      return build(it.path, () -> new PortForward(id, proto, ports, host, target, tp, sources, reflection, log,
          comment, enabled, allowedList), id, proto, ports, sources, reflection, log, comment, enabled);
    }

    private Settings settings(JsonNode n) {
      if (!object(n, "settings", List.of("lanDefault", "masquerade", "adminPort", "sshFromLan",
          "antiLockout"), List.of("unknownDevices", "timeZone", "askMaxPerHost", "askMaxTotal", "dnsUpstream",
          "dnsTtlFloor", "dnsTtlCap", "dnsRedirect"))) {
        return null;
      }
      Item it = new Item("settings", n);
      Policy policy = value(it, "lanDefault", Policy::parse, false);
      Boolean masq = bool(it, "masquerade");
      Long port = id(it, "adminPort", false);
      Boolean ssh = bool(it, "sshFromLan");
      Boolean antiLockout = bool(it, "antiLockout");
      UnknownDevices unknown = it.node.has("unknownDevices")
          ? value(it, "unknownDevices", UnknownDevices::parse, false) : UnknownDevices.ALLOW;
      java.time.ZoneId zone = value(it, "timeZone", Settings::parseZone, true);
      if (n.hasNonNull("timeZone") && zone == null) {
        return null;
      }
      if (port != null && (port < 1 || port > 65535)) {
        problems.add(Problem.of("settings.adminPort", "problem.json.port_range", port));
        return null;
      }
      Long perHost = n.has("askMaxPerHost") ? id(it, "askMaxPerHost", false) : Long.valueOf(Settings.ASK_MAX_PER_HOST);
      Long total = n.has("askMaxTotal") ? id(it, "askMaxTotal", false) : Long.valueOf(Settings.ASK_MAX_TOTAL);
      if (tooLarge(perHost, "askMaxPerHost") || tooLarge(total, "askMaxTotal")) {
        return null;
      }
      Ipv4 upstream = value(it, "dnsUpstream", Ipv4::parse, true);
      Long floor = n.has("dnsTtlFloor") ? id(it, "dnsTtlFloor", false) : Long.valueOf(Settings.DEFAULT_TTL_FLOOR);
      Long cap = n.has("dnsTtlCap") ? id(it, "dnsTtlCap", false) : Long.valueOf(Settings.DEFAULT_TTL_CAP);
      Boolean redirect = n.has("dnsRedirect") ? bool(it, "dnsRedirect") : Boolean.FALSE;
      if (n.hasNonNull("dnsUpstream") && upstream == null || floor == null || cap == null || redirect == null) {
        return null;
      }
      if (floor > Settings.MAX_TTL || cap > Settings.MAX_TTL) {
        problems.add(Problem.of("settings.dnsTtlCap", "problem.settings.dns_ttl_range", Settings.MAX_TTL));
        return null;
      }
      return build("settings", () -> new Settings(policy, masq, port.intValue(), ssh, antiLockout,
          unknown, zone, perHost.intValue(), total.intValue(), upstream, floor.intValue(), cap.intValue(), redirect),
          policy, masq, port, ssh, antiLockout, unknown, perHost, total);
    }

    private boolean tooLarge(Long bound, String field) {
      if (bound != null && bound > Settings.ASK_MAX_LIMIT) {
        problems.add(Problem.of("settings." + field, "problem.settings.ask_max_range", 1, Settings.ASK_MAX_LIMIT));
        return true;
      }
      return false;
    }

    /** Builds the record only when every required part was read; reports a constructor's own refusal. */
    private <T> T build(String path, java.util.function.Supplier<T> make, Object... required) {
      for (Object o : required) {
        if (o == null) {
          return null;
        }
      }
      try {
        return make.get();
      } catch (ParseException e) {
        problems.add(new Problem(path, e.text()));
        return null;
      }
    }

    private boolean object(JsonNode n, String path, List<String> fields) {
      return object(n, path, fields, List.of());
    }

    /**
     * Fields in a list, not a set: missing ones are reported in this order, the same on every run. Optional
     * fields may be absent (what an older version wrote, without them).
     */
    private boolean object(JsonNode n, String path, List<String> fields, List<String> optional) {
      if (n == null || !n.isObject()) {
        problems.add(Problem.of(path, "problem.json.object"));
        return false;
      }
      for (Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
        String f = names.next();
        if (!fields.contains(f) && !optional.contains(f)) {
          problems.add(Problem.of(path.isEmpty() ? Texts.shown(f) : path + "." + Texts.shown(f),
              "problem.json.unknown_field"));
        }
      }
      for (String f : fields) {
        if (!n.has(f)) {
          problems.add(Problem.of(path.isEmpty() ? f : path + "." + f, "problem.json.missing"));
        }
      }
      return true;
    }

    /** The field's value, or null when it is absent or JSON null (a problem if it may not be null). */
    private JsonNode present(Item it, String field, boolean nullable) {
      JsonNode v = it.node.get(field);
      if (v != null && v.isNull()) {
        if (!nullable) {
          problems.add(Problem.of(it.path + "." + field, "problem.json.required"));
        }
        return null;
      }
      return v;
    }

    private <T> T value(Item it, String field, Function<String, T> parse, boolean nullable) {
      JsonNode v = present(it, field, nullable);
      String at = it.path + "." + field;
      if (v == null) {
        return null;
      }
      if (!v.isTextual()) {
        problems.add(Problem.of(at, "problem.json.text"));
        return null;
      }
      try {
        return parse.apply(v.textValue());
      } catch (ParseException e) {
        problems.add(new Problem(at, e.text()));
        return null;
      }
    }

    private Long id(Item it, String field, boolean nullable) {
      JsonNode v = present(it, field, nullable);
      String at = it.path + "." + field;
      if (v == null) {
        return null;
      }
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() <= 0) {
        problems.add(Problem.of(at, "problem.json.positive"));
        return null;
      }
      return v.longValue();
    }

    private Boolean bool(Item it, String field) {
      JsonNode v = it.node.get(field);
      if (v == null) {
        return null;
      }
      if (!v.isBoolean()) {
        problems.add(Problem.of(it.path + "." + field, "problem.json.boolean"));
        return null;
      }
      return v.booleanValue();
    }
  }
}
