package dev.sekisho.web;

import dev.sekisho.config.Config;
import java.util.ArrayList;
import java.util.List;

/** Turns "before" and "after" into what the preview and the revisions pages show. */
final class Changes {
  private Changes() {}

  /** One line of a ruleset diff: kind is "add", "del", "ctx" or "hunk". */
  record Line(String kind, String text) {}

  /** Readable configuration changes from {@code before} (null: nothing applied yet) to {@code after}. */
  static List<String> describe(Config before, Config after) {
    List<String> out = new ArrayList<>();
    if (before == null) {
      out.add("Nothing was applied before: everything is new.");
    } else if (!before.equals(after)) {
      out.add("The configuration changed.");
    }
    return out;
  }

  /** The ruleset diff as classified lines. */
  static List<Line> rulesetDiff(String before, String after) {
    List<Line> out = new ArrayList<>();
    if (before.equals(after)) {
      return out;
    }
    before.lines().forEach(l -> out.add(new Line("del", "-" + l)));
    after.lines().forEach(l -> out.add(new Line("add", "+" + l)));
    return out;
  }
}
