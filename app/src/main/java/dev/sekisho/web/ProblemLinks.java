package dev.sekisho.web;

import dev.sekisho.config.Config;
import dev.sekisho.config.Problem;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a problem's path ({@code rules[2].comment}, {@code hosts[0].ip}, {@code settings.masquerade}) into
 * words and a link to the form where it can be fixed. Indexes are resolved against the configuration the
 * problems were found in, so the link names the item by its stable id or name.
 */
final class ProblemLinks {
  private static final Pattern ITEM = Pattern.compile("(interfaces|hosts|rules|forwards)\\[(\\d{1,9})\\](?:\\.(\\w+))?");

  private ProblemLinks() {}

  /** A problem ready for display; {@code href} is empty when there is nowhere specific to go. */
  record Linked(String where, String message, String href) {}

  static List<Linked> link(Config c, List<Problem> problems) {
    return problems.stream().map(p -> link(c, p)).toList();
  }

  static Linked link(Config c, Problem p) {
    String path = p.path() == null ? "" : p.path();
    Matcher m = ITEM.matcher(path);
    if (m.matches()) {
      int i = Integer.parseInt(m.group(2));
      String field = m.group(3);
      String anchor = field == null ? "" : "#" + field;
      String suffix = field == null ? "" : Lang.t("where.field", field);
      switch (m.group(1)) {
        case "rules":
          if (i < c.rules().size()) {
            long id = c.rules().get(i).id();
            return new Linked(Lang.t("where.rule", id, i + 1) + suffix, Lang.text(p.text()),
                "/rules/" + id + "/edit" + anchor);
          }
          break;
        case "hosts":
          if (i < c.hosts().size()) {
            var h = c.hosts().get(i);
            return new Linked(Lang.t("where.host", h.name()) + suffix, Lang.text(p.text()),
                "/hosts/" + h.id() + "/edit" + anchor);
          }
          break;
        case "forwards":
          if (i < c.forwards().size()) {
            long id = c.forwards().get(i).id();
            return new Linked(Lang.t("where.forward", id) + suffix, Lang.text(p.text()),
                "/nat/forwards/" + id + "/edit" + anchor);
          }
          break;
        default:
          if (i < c.interfaces().size()) {
            String name = c.interfaces().get(i).name();
            return new Linked(Lang.t("where.interface", name) + suffix, Lang.text(p.text()),
                "/interfaces/" + name + "/edit" + anchor);
          }
          break;
      }
      return new Linked(path, Lang.text(p.text()), "");
    }
    if (path.equals("interfaces") || path.startsWith("interfaces.")) {
      return new Linked(Lang.t("nav.interfaces"), Lang.text(p.text()), "/interfaces");
    }
    if (path.equals("settings.masquerade")) {
      return new Linked(Lang.t("nav.nat"), Lang.text(p.text()), "/nat");
    }
    if (path.equals("settings.lanDefault")) {
      return new Linked(Lang.t("where.lan_default"), Lang.text(p.text()), "/rules#policy");
    }
    if (path.startsWith("settings")) {
      return new Linked(Lang.t("nav.settings"), Lang.text(p.text()), "/");
    }
    if (path.equals("ruleset")) {
      // nft refused a line Sekisho generated on its own: the preview shows the full text.
      return new Linked(Lang.t("nav.ruleset"), Lang.text(p.text()), "/ruleset");
    }
    if (path.equals("hosts")) {
      return new Linked(Lang.t("nav.hosts"), Lang.text(p.text()), "/hosts");
    }
    if (path.equals("rules")) {
      return new Linked(Lang.t("nav.rules"), Lang.text(p.text()), "/rules");
    }
    return new Linked(path.isEmpty() ? Lang.t("nav.ruleset") : path, Lang.text(p.text()), "");
  }
}
