package dev.sekisho.diff;

import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.config.Settings;
import dev.sekisho.i18n.Message;
import dev.sekisho.i18n.Messages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What changed from one configuration to another, in the admin's terms: per section, the interfaces,
 * hosts, rules and port forwards ({@link ForwardDiff}) that were added, removed, changed (field by field, "port 443 → 80") or moved, and the
 * settings that changed. Items are matched by what identifies them (a rule or host by its id, an
 * interface by its name), so a renamed host is one change, not a removal and an addition.
 *
 * <p>Order is reported only where it changed: a rule inserted at the top shifts every position but
 * moves no rule relative to the others, so only the insertion is reported. Of the items both
 * configurations have, the largest set that kept its relative order stays put and the rest are
 * reported as moved.
 */
public final class ConfigDiff {
  private ConfigDiff() {}

  /** The parts of a configuration, in the order changes are listed. */
  public enum Section {
    /** Network interfaces. */
    INTERFACES("Interfaces"),
    /** LAN hosts. */
    HOSTS("Hosts"),
    /** Host groups, address lists and the admin's services. */
    OBJECTS("Objects"),
    /** Outbound rules. */
    RULES("Rules"),
    /** Port forwards (destination NAT). */
    FORWARDS("Port forwards"),
    /** The answers of the decisions inbox. */
    DECISIONS("Decisions"),
    /** Masquerade, the LAN default policy and the other gateway-wide settings. */
    SETTINGS("NAT and settings");

    private final String label;

    Section(String label) {
      this.label = label;
    }

    /** The heading shown for the section, in English. */
    public String label() {
      return label;
    }

    /** The bundle key of the heading. */
    public String key() {
      return "diff.section." + name().toLowerCase(Locale.ROOT);
    }
  }

  /** How an item changed. */
  public enum Kind {
    /** Only the second configuration has it. */
    ADDED,
    /** Only the first configuration has it. */
    REMOVED,
    /** Both have it, with different values (and perhaps at another place). */
    CHANGED,
    /** Both have it with the same values, at another place relative to the others. */
    MOVED;

    /** The lower-case word shown after the item (also a CSS class). */
    public String verb() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One changed field, as bundle texts (shown in the reader's language; {@link #name} etc. are English).
   *
   * @param label what it is ("port", "action", "position")
   * @param was its value in the first configuration, as shown to the admin
   * @param now its value in the second
   */
  public record Field(Message label, Message was, Message now) {

    /** A field given in English words (no translation), e.g. in tests. */
    public Field(String name, String before, String after) {
      this(Message.plain(name), Message.plain(before), Message.plain(after));
    }

    static Field of(String name, Message before, Message after) {
      return new Field(Message.of("diff.field." + name), before, after);
    }

    /** What it is, in English. */
    public String name() {
      return label.english();
    }

    /** The first value, in English. */
    public String before() {
      return was.english();
    }

    /** The second value, in English. */
    public String after() {
      return now.english();
    }

    /** "port 443 → 80" in the given language. */
    public String text(Locale l) {
      return Messages.format(l, "diff.field_change", label, was, now);
    }

    /** Equal when they read the same in English. */
    @Override
    public boolean equals(Object o) {
      return o instanceof Field f && name().equals(f.name()) && before().equals(f.before())
          && after().equals(f.after());
    }

    @Override
    public int hashCode() {
      return Objects.hash(name(), before(), after());
    }

    @Override
    public String toString() {
      return text(Locale.ENGLISH);
    }
  }

  /**
   * One changed item.
   *
   * @param section where it is
   * @param kind how it changed
   * @param key what identifies it: a rule's or host's id, an interface's name, empty for the settings
   * @param title how the admin knows it: "Rule #5 (web)", "Host laptop (#1)", "Interface eth0"
   * @param summary for an added or removed item, what it is; empty otherwise
   * @param fields for a changed or moved item, what differs; empty otherwise
   */
  public record Change(Section section, Kind kind, String key, Message titleText, Message summaryText,
      List<Field> fields) {

    /** Copies the fields. */
    public Change {
      fields = List.copyOf(fields);
    }

    /** How the admin knows the item, in English (the audit log's words). */
    public String title() {
      return titleText.english();
    }

    /** What an added or removed item is, in English; empty otherwise. */
    public String summary() {
      return summaryText.english();
    }

    /** One line for a list: "Rule #5 (web) changed: port 443 → 80". */
    public String text() {
      return text(Locale.ENGLISH);
    }

    /** The same line in the given language. */
    public String text(Locale l) {
      String detail = fields.isEmpty() ? Messages.format(l, summaryText)
          : fields.stream().map(f -> f.text(l)).collect(Collectors.joining(Messages.format(l, "diff.separator")));
      return Messages.format(l, detail.isEmpty() ? "diff.change" : "diff.change_detail", titleText,
          Message.of("diff.kind." + kind.verb()), detail);
    }
  }

  /** The changes from {@code before} to {@code after}; empty when they are equal. */
  public static List<Change> between(Config before, Config after) {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    List<Change> out = new ArrayList<>();
    items(Section.INTERFACES, before.interfaces(), after.interfaces(), NetInterface::name,
        (c, i) -> Message.of("diff.title.interface", i.name()), (c, i) -> describeText(i),
        (b, a) -> interfaceFields(b, a),
        before, after, out);
    items(Section.HOSTS, before.hosts(), after.hosts(), h -> Long.toString(h.id()),
        (c, h) -> Message.of("diff.title.host", h.name(), h.id()), (c, h) -> describeText(h),
        (b, a) -> hostFields(b, a),
        before, after, out);
    ObjectDiff.addTo(before, after, out);
    items(Section.RULES, before.rules(), after.rules(), r -> Long.toString(r.id()),
        (c, r) -> ruleTitleText(r), ConfigDiff::describeText, (b, a) -> ruleFields(before, b, after, a),
        before, after, out);
    ForwardDiff.between(before, after, out);
    items(Section.DECISIONS, before.decisions(), after.decisions(), d -> Long.toString(d.id()),
        (c, d) -> Message.of("diff.title.decision", d.id(),
            c.host(d.hostId()).map(Host::name).orElse("#" + d.hostId())),
        (c, d) -> decisionText(d), (b, a) -> decisionFields(b, a), before, after, out);
    List<Field> settings = settingsFields(before.settings(), after.settings());
    if (!settings.isEmpty()) {
      out.add(new Change(Section.SETTINGS, Kind.CHANGED, "", Message.of(Section.SETTINGS.key()), Message.plain(""),
          settings));
    }
    return out;
  }

  /** How a rule is named: "Rule #5", with its comment when it has one. */
  public static String ruleTitle(Rule r) {
    return ruleTitleText(r).english();
  }

  /** The same as a bundle text. */
  public static Message ruleTitleText(Rule r) {
    return r.comment().isEmpty() ? Message.of("diff.title.rule", r.id())
        : Message.of("diff.title.rule_comment", r.id(), r.comment().text());
  }

  /** A rule in one line: "deny tcp port 443 from laptop to any, logged". */
  public static String describe(Config c, Rule r) {
    return describeText(c, r).english();
  }

  /** The same as a bundle text. */
  public static Message describeText(Config c, Rule r) {
    Message proto = r.protocol() == Protocol.ANY ? DiffWords.word("any_protocol") : Message.plain(r.protocol().label());
    Message ports = r.ports() == null ? Message.plain("") : Message.of("diff.rule.ports", r.ports().toString());
    String flags = (r.log() ? "diff.rule.logged" : "") + (r.enabled() ? "" : "|diff.rule.disabled");
    Message tail = switch (flags) {
      case "diff.rule.logged" -> Message.of("diff.rule.logged");
      case "|diff.rule.disabled" -> Message.of("diff.rule.disabled");
      case "diff.rule.logged|diff.rule.disabled" -> Message.of("diff.rule.logged_disabled");
      default -> Message.plain("");
    };
    if (r.serviceId() != null) {
      proto = DiffWords.service(c, r);
    }
    Message rule = Message.of("diff.rule", DiffWords.action(r), proto, ports, DiffWords.source(c, r),
        DiffWords.destination(c, r), tail);
    return r.scheduleId() == null ? rule : Message.of("diff.rule.scheduled", rule, DiffWords.schedule(c, r));
  }

  /** A host in one line: "192.168.1.20, MAC 02:5e:6b:00:01:0a". */
  public static String describe(Host h) {
    return describeText(h).english();
  }

  /** The same as a bundle text. */
  public static Message describeText(Host h) {
    return h.mac() == null ? Message.of("diff.host.no_mac", h.ip().toString())
        : Message.of("diff.host", h.ip().toString(), h.mac().toString());
  }

  /** An interface in one line: "LAN, 192.168.1.1/24". */
  public static String describe(NetInterface i) {
    return describeText(i).english();
  }

  /** The same as a bundle text. */
  public static Message describeText(NetInterface i) {
    return i.address() == null ? Message.of("diff.interface.no_address", i.role().name())
        : Message.of("diff.interface", i.role().name(), i.address().toString());
  }

  /** The settings as name and value pairs, in the order they are compared (English). */
  public static Map<String, String> describe(Settings s) {
    Map<String, String> m = new LinkedHashMap<>();
    describeText(s).forEach((k, v) -> m.put(k.english(), v.english()));
    return m;
  }

  /** The same as bundle texts. */
  public static Map<Message, Message> describeText(Settings s) {
    Map<Message, Message> m = new LinkedHashMap<>();
    for (Map.Entry<String, Message> e : settingsValues(s).entrySet()) {
      m.put(Message.of("diff.field." + e.getKey()), e.getValue());
    }
    return m;
  }

  private static Map<String, Message> settingsValues(Settings s) {
    Map<String, Message> m = new LinkedHashMap<>();
    m.put("lan_default", Message.of("policy." + s.lanDefault().label()));
    m.put("masquerade", DiffWords.onOff(s.masquerade()));
    m.put("admin_port", Message.plain(Integer.toString(s.adminPort())));
    m.put("ssh_from_lan", DiffWords.onOff(s.sshFromLan()));
    m.put("anti_lockout", DiffWords.onOff(s.antiLockout()));
    m.put("unknown_devices", Message.of("unknown." + s.unknownDevices().label()));
    if (s.timeZone() != null) {
      // only when set, so settings without one read as before schedules
      m.put("time_zone", DiffWords.zone(s));
    }
    m.put("ask_max_per_host", Message.plain(Integer.toString(s.askMaxPerHost())));
    m.put("ask_max_total", Message.plain(Integer.toString(s.askMaxTotal())));
    // only when the forwarder is used, so a configuration without it is described as before
    if (s.dnsUpstream() != null) {
      m.putAll(dnsValues(s));
    }
    return m;
  }

  static <T> void items(Section section, List<T> before, List<T> after, Function<T, String> key,
      BiFunction<Config, T, Message> title, BiFunction<Config, T, Message> summary,
      BiFunction<T, T, List<Field>> fields,
      Config beforeConfig, Config afterConfig, List<Change> out) {
    Map<String, Integer> oldPos = new HashMap<>();
    for (int i = 0; i < before.size(); i++) {
      oldPos.put(key.apply(before.get(i)), i);
    }
    Set<String> newKeys = new HashSet<>();
    after.forEach(t -> newKeys.add(key.apply(t)));
    Set<String> moved = moved(after.stream().map(key).filter(oldPos::containsKey).map(oldPos::get).toList(),
        before, key);
    for (int j = 0; j < after.size(); j++) {
      T now = after.get(j);
      String k = key.apply(now);
      Integer i = oldPos.get(k);
      if (i == null) {
        out.add(new Change(section, Kind.ADDED, k, title.apply(afterConfig, now), summary.apply(afterConfig, now),
            List.of()));
        continue;
      }
      List<Field> changed = new ArrayList<>();
      if (moved.contains(k)) {
        changed.add(Field.of("position", Message.plain(Integer.toString(i + 1)),
            Message.plain(Integer.toString(j + 1))));
      }
      List<Field> values = fields.apply(before.get(i), now);
      changed.addAll(values);
      if (!changed.isEmpty()) {
        out.add(new Change(section, values.isEmpty() ? Kind.MOVED : Kind.CHANGED, k, title.apply(afterConfig, now),
            Message.plain(""), changed));
      }
    }
    for (T old : before) {
      String k = key.apply(old);
      if (!newKeys.contains(k)) {
        out.add(new Change(section, Kind.REMOVED, k, title.apply(beforeConfig, old),
            summary.apply(beforeConfig, old), List.of()));
      }
    }
  }

  /**
   * The keys of the common items that are out of place. {@code oldIndexes} are the old positions of the
   * common items in their new order; the longest increasing run of them kept its order, the rest moved.
   */
  private static <T> Set<String> moved(List<Integer> oldIndexes, List<T> before, Function<T, String> key) {
    int n = oldIndexes.size();
    // Patience sorting: O(n log n), so ten thousand rules stay quick.
    int[] tails = new int[n];
    int[] prev = new int[n];
    int length = 0;
    for (int i = 0; i < n; i++) {
      int v = oldIndexes.get(i);
      int lo = 0;
      int hi = length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (oldIndexes.get(tails[mid]) < v) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      prev[i] = lo > 0 ? tails[lo - 1] : -1;
      tails[lo] = i;
      if (lo == length) {
        length++;
      }
    }
    boolean[] kept = new boolean[n];
    for (int i = length == 0 ? -1 : tails[length - 1]; i >= 0; i = prev[i]) {
      kept[i] = true;
    }
    Set<String> out = new HashSet<>();
    for (int i = 0; i < n; i++) {
      if (!kept[i]) {
        out.add(key.apply(before.get(oldIndexes.get(i))));
      }
    }
    return out;
  }

  private static List<Field> interfaceFields(NetInterface b, NetInterface a) {
    List<Field> out = new ArrayList<>();
    field(out, "role", Message.plain(b.role().name()), Message.plain(a.role().name()));
    field(out, "address", DiffWords.text(b.address()), DiffWords.text(a.address()));
    field(out, "address6", DiffWords.text(b.address6()), DiffWords.text(a.address6()));
    return out;
  }

  /** A decision in one line: "allow tcp to 203.0.113.5 port 443 until 2026-12-01T13:00:00Z". */
  private static Message decisionText(dev.sekisho.config.Decision d) {
    return d.expires() == null
        ? Message.of("diff.decision", d.verdict().label(), d.protocol().label(), d.destination().toString(), d.port())
        : Message.of("diff.decision.until", d.verdict().label(), d.protocol().label(), d.destination().toString(),
            d.port(), d.expires().toString());
  }

  private static List<Field> decisionFields(dev.sekisho.config.Decision b, dev.sekisho.config.Decision a) {
    List<Field> out = new ArrayList<>();
    field(out, "decision", decisionText(b), decisionText(a));
    return out;
  }

  private static List<Field> hostFields(Host b, Host a) {
    List<Field> out = new ArrayList<>();
    field(out, "name", Message.plain(b.name()), Message.plain(a.name()));
    field(out, "mac", DiffWords.text(b.mac()), DiffWords.text(a.mac()));
    field(out, "ipv4", Message.plain(b.ip().toString()), Message.plain(a.ip().toString()));
    field(out, "ipv6", DiffWords.text(b.ipv6().isEmpty() ? null : join(b.ipv6())),
        DiffWords.text(a.ipv6().isEmpty() ? null : join(a.ipv6())));
    field(out, "ask", DiffWords.onOff(b.ask()), DiffWords.onOff(a.ask()));
    return out;
  }

  private static String join(List<?> items) {
    return String.join(", ", items.stream().map(Object::toString).toList());
  }

  private static List<Field> ruleFields(Config bc, Rule b, Config ac, Rule a) {
    List<Field> out = new ArrayList<>();
    // The source is compared by id: renaming a host or group is a change of it, not of its rules.
    if (!Objects.equals(b.sourceHostId(), a.sourceHostId()) || !Objects.equals(b.sourceGroupId(), a.sourceGroupId())) {
      out.add(Field.of("source", DiffWords.source(bc, b), DiffWords.source(ac, a)));
    }
    if (!Objects.equals(b.destination(), a.destination())
        || !Objects.equals(b.destinationListId(), a.destinationListId())
        || !Objects.equals(b.destinationDomain(), a.destinationDomain())) {
      out.add(Field.of("destination", DiffWords.destination(bc, b), DiffWords.destination(ac, a)));
    }
    if (!Objects.equals(b.serviceId(), a.serviceId())) {
      out.add(Field.of("service", DiffWords.service(bc, b), DiffWords.service(ac, a)));
    }
    if (!Objects.equals(b.scheduleId(), a.scheduleId())) {
      out.add(Field.of("schedule", DiffWords.schedule(bc, b), DiffWords.schedule(ac, a)));
    }
    field(out, "protocol", Message.plain(b.protocol().label()), Message.plain(a.protocol().label()));
    field(out, "port", DiffWords.ports(b), DiffWords.ports(a));
    field(out, "action", DiffWords.action(b), DiffWords.action(a));
    field(out, "log", DiffWords.onOff(b.log()), DiffWords.onOff(a.log()));
    field(out, "comment", DiffWords.quoted(b.comment().text()), DiffWords.quoted(a.comment().text()));
    field(out, "state", DiffWords.word(b.enabled() ? "enabled" : "disabled"), DiffWords.word(a.enabled() ? "enabled" : "disabled"));
    field(out, "expires", ends(b), ends(a));
    field(out, "connection_limit", limit(b), limit(a));
    return out;
  }

  /** A temporary rule's end as an instant (UTC), or "no end". */
  private static Message ends(Rule r) {
    return r.expiresAt() == null ? DiffWords.word("no_end") : Message.plain(r.expiresAt().toString());
  }

  /** A count-limited rule's number of connections, or "no limit". */
  private static Message limit(Rule r) {
    return r.connectionLimit() == null ? DiffWords.word("no_limit") : Message.plain(r.connectionLimit().toString());
  }

  private static List<Field> settingsFields(Settings b, Settings a) {
    List<Field> out = new ArrayList<>();
    Map<String, Message> after = settingsValues(a);
    settingsValues(b).forEach((name, value) -> {
      if (after.containsKey(name) && !name.startsWith("dns_")) {
        field(out, name, value, after.get(name));
      }
    });
    if (!Objects.equals(b.timeZone(), a.timeZone())) {
      out.add(Field.of("time_zone", DiffWords.zone(b), DiffWords.zone(a)));
    }
    // the DNS forwarder's settings, compared whether or not either side uses them
    Map<String, Message> dnsAfter = dnsValues(a);
    dnsValues(b).forEach((name, value) -> field(out, name, value, dnsAfter.get(name)));
    return out;
  }

  /** The DNS forwarder's settings in words (rules by domain name). */
  private static Map<String, Message> dnsValues(Settings s) {
    Map<String, Message> m = new LinkedHashMap<>();
    m.put("dns_upstream", s.dnsUpstream() == null ? DiffWords.word("none") : Message.plain(s.dnsUpstream()
        .toString()));
    m.put("dns_ttl_floor", Message.plain(s.dnsTtlFloor() + " s"));
    m.put("dns_ttl_cap", Message.plain(s.dnsTtlCap() + " s"));
    m.put("dns_redirect", DiffWords.onOff(s.dnsRedirect()));
    return m;
  }

  /** Adds the field when its two values differ (compared as the words an English reader sees). */
  private static void field(List<Field> out, String name, Message before, Message after) {
    if (!before.english().equals(after.english())) {
      out.add(Field.of(name, before, after));
    }
  }

}
