package dev.sekisho.diff;

import dev.sekisho.config.AddressList;
import dev.sekisho.config.Config;
import dev.sekisho.config.HostGroup;
import dev.sekisho.config.Schedule;
import dev.sekisho.config.Service;
import dev.sekisho.i18n.Message;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The objects part of {@link ConfigDiff}: host groups, address lists, the admin's services and schedules, each added,
 * removed or changed. A list of thousands of entries is summarised by what was added and removed (counts
 * and the first few), not printed whole.
 */
final class ObjectDiff {
  /** How many added or removed entries a change names before it only counts them. */
  static final int SHOWN = 5;

  private ObjectDiff() {}

  static void addTo(Config before, Config after, List<ConfigDiff.Change> out) {
    ConfigDiff.items(ConfigDiff.Section.OBJECTS, before.groups(), after.groups(), g -> "group " + g.id(),
        (c, g) -> Message.of("diff.title.group", g.name(), g.id()), (c, g) -> members(c, g),
        (b, a) -> groupFields(before, b, after, a), before, after, out);
    ConfigDiff.items(ConfigDiff.Section.OBJECTS, before.addressLists(), after.addressLists(), l -> "list " + l.id(),
        (c, l) -> Message.of("diff.title.list", l.name(), l.id()),
        (c, l) -> Message.of("diff.list.summary", l.texts().size()), ObjectDiff::listFields, before, after,
        out);
    ConfigDiff.items(ConfigDiff.Section.OBJECTS, before.services(), after.services(), x -> "service " + x.id(),
        (c, x) -> Message.of("diff.title.service", x.name(), x.id()), (c, x) -> Message.plain(x.entriesText()),
        ObjectDiff::serviceFields, before, after, out);
    ConfigDiff.items(ConfigDiff.Section.OBJECTS, before.schedules(), after.schedules(), x -> "schedule " + x.id(),
        (c, x) -> Message.of("diff.title.schedule", x.name(), x.id()), (c, x) -> Message.plain(windows(x)),
        ObjectDiff::scheduleFields, before, after, out);
  }

  private static String windows(Schedule x) {
    return String.join("; ", x.windows().stream().map(Object::toString).toList());
  }

  private static List<ConfigDiff.Field> scheduleFields(Schedule b, Schedule a) {
    List<ConfigDiff.Field> out = new ArrayList<>();
    if (!b.name().equals(a.name())) {
      out.add(ConfigDiff.Field.of("name", Message.plain(b.name()), Message.plain(a.name())));
    }
    if (!b.windows().equals(a.windows())) {
      out.add(ConfigDiff.Field.of("windows", Message.plain(windows(b)), Message.plain(windows(a))));
    }
    return out;
  }

  private static Message members(Config c, HostGroup g) {
    List<String> names = g.members().stream()
        .map(id -> c.host(id).map(h -> h.name()).orElse("#" + id)).toList();
    return names.isEmpty() ? DiffWords.word("none") : Message.plain(String.join(", ", names));
  }

  private static List<ConfigDiff.Field> groupFields(Config bc, HostGroup b, Config ac, HostGroup a) {
    List<ConfigDiff.Field> out = new ArrayList<>();
    if (!b.name().equals(a.name())) {
      out.add(ConfigDiff.Field.of("name", Message.plain(b.name()), Message.plain(a.name())));
    }
    if (!b.members().equals(a.members())) {
      out.add(ConfigDiff.Field.of("members", members(bc, b), members(ac, a)));
    }
    return out;
  }

  private static List<ConfigDiff.Field> listFields(AddressList b, AddressList a) {
    List<ConfigDiff.Field> out = new ArrayList<>();
    if (!b.name().equals(a.name())) {
      out.add(ConfigDiff.Field.of("name", Message.plain(b.name()), Message.plain(a.name())));
    }
    Set<String> was = new HashSet<>();
    was.addAll(b.texts());
    Set<String> now = new HashSet<>();
    now.addAll(a.texts());
    List<String> added = a.texts().stream().filter(e -> !was.contains(e)).toList();
    List<String> removed = b.texts().stream().filter(e -> !now.contains(e)).toList();
    if (!added.isEmpty() || !removed.isEmpty()) {
      out.add(ConfigDiff.Field.of("entries", Message.of("diff.list.removed", removed.size(), shown(removed)),
          Message.of("diff.list.added", added.size(), shown(added))));
    } else if (!b.entries().equals(a.entries())) {
      out.add(ConfigDiff.Field.of("entries", DiffWords.word("order_before"), DiffWords.word("order_after")));
    }
    return out;
  }

  private static String shown(List<String> entries) {
    if (entries.isEmpty()) {
      return "";
    }
    String first = String.join(", ", entries.subList(0, Math.min(SHOWN, entries.size())));
    return entries.size() > SHOWN ? first + ", …" : first;
  }

  private static List<ConfigDiff.Field> serviceFields(Service b, Service a) {
    List<ConfigDiff.Field> out = new ArrayList<>();
    if (!b.name().equals(a.name())) {
      out.add(ConfigDiff.Field.of("name", Message.plain(b.name()), Message.plain(a.name())));
    }
    if (!b.entries().equals(a.entries())) {
      out.add(ConfigDiff.Field.of("entries", Message.plain(b.entriesText()), Message.plain(a.entriesText())));
    }
    return out;
  }
}
