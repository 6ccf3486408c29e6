package dev.sekisho.web;

import dev.sekisho.diff.ConfigDiff;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Shapes configuration changes for the pages that show them (the apply preview and the revision diff). */
final class DiffView {
  private DiffView() {}

  /** The changes of one section, under its heading, in the reader's language. */
  record Group(String section, List<Shown> changes) {}

  /** One change as listed: its kind (a CSS suffix) and its line. */
  record Shown(String kind, String text) {}

  /** The changes grouped by section, sections in their usual order; empty sections are left out. */
  static List<Group> groups(List<ConfigDiff.Change> changes) {
    Map<ConfigDiff.Section, List<ConfigDiff.Change>> by = new EnumMap<>(ConfigDiff.Section.class);
    for (ConfigDiff.Change c : changes) {
      by.computeIfAbsent(c.section(), s -> new ArrayList<>()).add(c);
    }
    List<Group> out = new ArrayList<>();
    by.forEach((s, list) -> out.add(new Group(Lang.t(s.key()),
        list.stream().map(c -> new Shown(c.kind().verb(), c.text(Lang.locale()))).toList())));
    return out;
  }
}
