package dev.sekisho.diff;

import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.config.Settings;
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
 * hosts and rules that were added, removed, changed (field by field, "port 443 → 80") or moved, and the
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
    /** Outbound rules. */
    RULES("Rules"),
    /** Masquerade, the LAN default policy and the other gateway-wide settings. */
    SETTINGS("NAT and settings");

    private final String label;

    Section(String label) {
      this.label = label;
    }

    /** The heading shown for the section. */
    public String label() {
      return label;
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

    /** The lower-case word shown after the item. */
    public String verb() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One changed field.
   *
   * @param name what it is ("port", "action", "position")
   * @param before its value in the first configuration, as shown to the admin
   * @param after its value in the second
   */
  public record Field(String name, String before, String after) {
    @Override
    public String toString() {
      return name + " " + before + " → " + after;
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
  public record Change(Section section, Kind kind, String key, String title, String summary, List<Field> fields) {

    /** Copies the fields. */
    public Change {
      fields = List.copyOf(fields);
    }

    /** One line for a list: "Rule #5 (web) changed: port 443 → 80". */
    public String text() {
      String detail = fields.isEmpty() ? summary
          : fields.stream().map(Field::toString).collect(Collectors.joining("; "));
      return title + " " + kind.verb() + (detail.isEmpty() ? "" : ": " + detail);
    }
  }

  /** The changes from {@code before} to {@code after}; empty when they are equal. */
  public static List<Change> between(Config before, Config after) {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    List<Change> out = new ArrayList<>();
    items(Section.INTERFACES, before.interfaces(), after.interfaces(), NetInterface::name,
        (c, i) -> "Interface " + i.name(), (c, i) -> describe(i), (b, a) -> interfaceFields(b, a),
        before, after, out);
    items(Section.HOSTS, before.hosts(), after.hosts(), h -> Long.toString(h.id()),
        (c, h) -> "Host " + h.name() + " (#" + h.id() + ")", (c, h) -> describe(h), (b, a) -> hostFields(b, a),
        before, after, out);
    items(Section.RULES, before.rules(), after.rules(), r -> Long.toString(r.id()),
        (c, r) -> ruleTitle(r), ConfigDiff::describe, (b, a) -> ruleFields(before, b, after, a),
        before, after, out);
    List<Field> settings = settingsFields(before.settings(), after.settings());
    if (!settings.isEmpty()) {
      out.add(new Change(Section.SETTINGS, Kind.CHANGED, "", Section.SETTINGS.label(), "", settings));
    }
    return out;
  }

  /** How a rule is named: "Rule #5", with its comment when it has one. */
  public static String ruleTitle(Rule r) {
    return "Rule #" + r.id() + (r.comment().isEmpty() ? "" : " (" + r.comment().text() + ")");
  }

  /** A rule in one line: "deny tcp port 443 from laptop to any, logged". */
  public static String describe(Config c, Rule r) {
    StringBuilder s = new StringBuilder(r.action().label()).append(' ');
    s.append(r.protocol() == Protocol.ANY ? "any protocol" : r.protocol().label());
    if (r.ports() != null) {
      s.append(" port ").append(r.ports());
    }
    s.append(" from ").append(source(c, r.sourceHostId())).append(" to ").append(destination(r));
    if (r.log()) {
      s.append(", logged");
    }
    if (!r.enabled()) {
      s.append(", disabled");
    }
    return s.toString();
  }

  /** A host in one line: "192.168.1.20, MAC 02:5e:6b:00:01:0a". */
  public static String describe(Host h) {
    return h.ip() + ", " + (h.mac() == null ? "no MAC" : "MAC " + h.mac());
  }

  /** An interface in one line: "LAN, 192.168.1.1/24". */
  public static String describe(NetInterface i) {
    return i.role().name() + ", " + (i.address() == null ? "address not set by Sekisho" : i.address().toString());
  }

  /** The settings as name and value pairs, in the order they are compared. */
  public static Map<String, String> describe(Settings s) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("LAN default", s.lanDefault().label());
    m.put("masquerade (NAT)", onOff(s.masquerade()));
    m.put("admin port", Integer.toString(s.adminPort()));
    m.put("SSH from LAN", onOff(s.sshFromLan()));
    m.put("anti-lockout", onOff(s.antiLockout()));
    return m;
  }

  private static <T> void items(Section section, List<T> before, List<T> after, Function<T, String> key,
      BiFunction<Config, T, String> title, BiFunction<Config, T, String> summary, BiFunction<T, T, List<Field>> fields,
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
        changed.add(new Field("position", Integer.toString(i + 1), Integer.toString(j + 1)));
      }
      List<Field> values = fields.apply(before.get(i), now);
      changed.addAll(values);
      if (!changed.isEmpty()) {
        out.add(new Change(section, values.isEmpty() ? Kind.MOVED : Kind.CHANGED, k, title.apply(afterConfig, now),
            "", changed));
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
    field(out, "role", b.role().name(), a.role().name());
    field(out, "address", text(b.address()), text(a.address()));
    return out;
  }

  private static List<Field> hostFields(Host b, Host a) {
    List<Field> out = new ArrayList<>();
    field(out, "name", b.name(), a.name());
    field(out, "MAC", text(b.mac()), text(a.mac()));
    field(out, "IPv4", b.ip().toString(), a.ip().toString());
    return out;
  }

  private static List<Field> ruleFields(Config bc, Rule b, Config ac, Rule a) {
    List<Field> out = new ArrayList<>();
    // The source is compared by host id: renaming a host is a host change, not a change of its rules.
    if (!Objects.equals(b.sourceHostId(), a.sourceHostId())) {
      out.add(new Field("source", source(bc, b.sourceHostId()), source(ac, a.sourceHostId())));
    }
    field(out, "destination", destination(b), destination(a));
    field(out, "protocol", b.protocol().label(), a.protocol().label());
    field(out, "port", ports(b), ports(a));
    field(out, "action", b.action().label(), a.action().label());
    field(out, "log", onOff(b.log()), onOff(a.log()));
    field(out, "comment", quoted(b.comment().text()), quoted(a.comment().text()));
    field(out, "state", b.enabled() ? "enabled" : "disabled", a.enabled() ? "enabled" : "disabled");
    return out;
  }

  private static List<Field> settingsFields(Settings b, Settings a) {
    List<Field> out = new ArrayList<>();
    Map<String, String> after = describe(a);
    describe(b).forEach((name, value) -> field(out, name, value, after.get(name)));
    return out;
  }

  private static void field(List<Field> out, String name, String before, String after) {
    if (!before.equals(after)) {
      out.add(new Field(name, before, after));
    }
  }

  private static String source(Config c, Long hostId) {
    if (hostId == null) {
      return "all LAN hosts";
    }
    return c.host(hostId).map(h -> h.name() + " (#" + h.id() + ")").orElse("missing host #" + hostId);
  }

  private static String destination(Rule r) {
    return r.destination() == null ? "any" : r.destination().toString();
  }

  private static String ports(Rule r) {
    if (r.ports() != null) {
      return r.ports().toString();
    }
    return r.protocol().hasPorts() ? "all" : "none";
  }

  private static String quoted(String s) {
    return s.isEmpty() ? "(none)" : "\"" + s + "\"";
  }

  private static String onOff(boolean b) {
    return b ? "on" : "off";
  }

  private static String text(Object o) {
    return o == null ? "none" : o.toString();
  }
}
