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
  private static final Pattern ITEM = Pattern.compile("(interfaces|hosts|rules)\\[(\\d{1,9})\\](?:\\.(\\w+))?");

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
      String suffix = field == null ? "" : ", " + field;
      switch (m.group(1)) {
        case "rules":
          if (i < c.rules().size()) {
            long id = c.rules().get(i).id();
            return new Linked("Rule #" + id + " (position " + (i + 1) + ")" + suffix, p.message(),
                "/rules/" + id + "/edit" + anchor);
          }
          break;
        case "hosts":
          if (i < c.hosts().size()) {
            var h = c.hosts().get(i);
            return new Linked("Host " + h.name() + suffix, p.message(), "/hosts/" + h.id() + "/edit" + anchor);
          }
          break;
        default:
          if (i < c.interfaces().size()) {
            String name = c.interfaces().get(i).name();
            return new Linked("Interface " + name + suffix, p.message(), "/interfaces/" + name + "/edit" + anchor);
          }
          break;
      }
      return new Linked(path, p.message(), "");
    }
    if (path.equals("interfaces") || path.startsWith("interfaces.")) {
      return new Linked("Interfaces", p.message(), "/interfaces");
    }
    if (path.equals("settings.masquerade")) {
      return new Linked("NAT", p.message(), "/nat");
    }
    if (path.equals("settings.lanDefault")) {
      return new Linked("LAN default policy", p.message(), "/rules#policy");
    }
    if (path.startsWith("settings")) {
      return new Linked("Settings", p.message(), "/");
    }
    if (path.equals("ruleset")) {
      // nft refused a line Sekisho generated on its own: the preview shows the full text.
      return new Linked("Ruleset", p.message(), "/ruleset");
    }
    if (path.equals("hosts")) {
      return new Linked("Hosts", p.message(), "/hosts");
    }
    if (path.equals("rules")) {
      return new Linked("Rules", p.message(), "/rules");
    }
    return new Linked(path.isEmpty() ? "Ruleset" : path, p.message(), "");
  }
}
