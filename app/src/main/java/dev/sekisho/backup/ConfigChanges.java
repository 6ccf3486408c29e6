package dev.sekisho.backup;

import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Rule;
import dev.sekisho.config.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a restore would change, in words an admin can check before applying: items added, removed and
 * changed by their stable key (interface name, host id, rule id), a changed rule order, and each changed
 * setting. Long lists are cut so that a 10,000-rule backup still gives a readable summary.
 */
public final class ConfigChanges {
  /** At most this many lines per kind of item, then a count of the rest. */
  static final int MAX_LINES_PER_KIND = 40;

  private ConfigChanges() {}

  /** The changes from {@code before} to {@code after}; empty when they are equal. */
  public static List<String> describe(Config before, Config after) {
    List<String> out = new ArrayList<>();
    if (before.equals(after)) {
      return out;
    }
    items(out, "interface", before.interfaces(), after.interfaces(), NetInterface::name,
        i -> i.name() + " (" + i.role().label() + (i.address() == null ? "" : ", " + i.address()) + ")");
    items(out, "host", before.hosts(), after.hosts(), Host::id,
        h -> "#" + h.id() + " " + h.name() + " (" + h.ip() + (h.mac() == null ? "" : ", " + h.mac()) + ")");
    items(out, "rule", before.rules(), after.rules(), Rule::id, ConfigChanges::rule);
    List<Long> beforeOrder = before.rules().stream().map(Rule::id)
        .filter(id -> after.rule(id).isPresent()).toList();
    List<Long> afterOrder = after.rules().stream().map(Rule::id)
        .filter(id -> before.rule(id).isPresent()).toList();
    if (!beforeOrder.equals(afterOrder)) {
      out.add("the order of the rules changes (the first matching rule decides)");
    }
    settings(out, before.settings(), after.settings());
    return out;
  }

  private static String rule(Rule r) {
    return "#" + r.id() + " " + r.action().label() + " " + r.protocol().label()
        + (r.ports() == null ? "" : " " + r.ports())
        + (r.sourceHostId() == null ? " from all LAN hosts" : " from host #" + r.sourceHostId())
        + (r.destination() == null ? "" : " to " + r.destination())
        + (r.enabled() ? "" : " (disabled)")
        + (r.comment().text().isEmpty() ? "" : " \"" + r.comment().text() + "\"");
  }

  private static <T, K> void items(List<String> out, String kind, List<T> before, List<T> after,
      Function<T, K> key, Function<T, String> shown) {
    Map<K, T> old = new LinkedHashMap<>();
    before.forEach(t -> old.putIfAbsent(key.apply(t), t));
    Map<K, T> now = new LinkedHashMap<>();
    after.forEach(t -> now.putIfAbsent(key.apply(t), t));
    List<String> lines = new ArrayList<>();
    for (T t : after) {
      T was = old.get(key.apply(t));
      if (was == null) {
        lines.add(kind + " " + shown.apply(t) + " is added");
      } else if (!was.equals(t)) {
        lines.add(kind + " " + shown.apply(was) + " becomes " + shown.apply(t));
      }
    }
    for (T t : before) {
      if (!now.containsKey(key.apply(t))) {
        lines.add(kind + " " + shown.apply(t) + " is removed");
      }
    }
    if (lines.size() > MAX_LINES_PER_KIND) {
      int more = lines.size() - MAX_LINES_PER_KIND;
      lines = new ArrayList<>(lines.subList(0, MAX_LINES_PER_KIND));
      lines.add("… and " + more + " more " + kind + " changes");
    }
    out.addAll(lines);
  }

  private static void settings(List<String> out, Settings a, Settings b) {
    setting(out, "LAN default policy", a.lanDefault().label(), b.lanDefault().label());
    setting(out, "masquerade", a.masquerade(), b.masquerade());
    setting(out, "admin panel port", a.adminPort(), b.adminPort());
    setting(out, "SSH from the LAN", a.sshFromLan(), b.sshFromLan());
    setting(out, "anti-lockout rule", a.antiLockout(), b.antiLockout());
  }

  private static void setting(List<String> out, String name, Object a, Object b) {
    if (!Objects.equals(a, b)) {
      out.add(name + ": " + shown(a) + " becomes " + shown(b));
    }
  }

  private static String shown(Object v) {
    if (v instanceof Boolean on) {
      return on ? "on" : "off";
    }
    return String.valueOf(v);
  }
}
