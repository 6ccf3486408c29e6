package dev.sekisho.ruleset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An nft refusal of any line generated from an admin's rule must point back at that rule: set elements, the
 * per-host chains and the verdict-map elements that lead to them included. Checked on every golden case.
 */
class RuleOriginTest {
  private static final Pattern RULE_COMMENT = Pattern.compile("comment \"#(\\d+)[\" ]");
  private static final Pattern MAP_ELEMENT = Pattern.compile("comment \"host (\\d+)\" : jump \\S+_host_\\d+_seg\\d+");

  @Test
  void everyLineFromARuleNamesItAndMapsBackToIt() {
    int fromRules = 0;
    int mapElements = 0;
    for (GoldenCases.Case c : GoldenCases.all()) {
      if (!Files.exists(c.expectedNft())) {
        continue;
      }
      CompiledRuleset rs = RulesetCompiler.compile(c.config());
      String[] lines = rs.text().split("\n", -1);
      for (int i = 0; i < lines.length - 1; i++) {
        Optional<Long> origin = rs.ruleAtLine(i + 1);
        Matcher m = RULE_COMMENT.matcher(lines[i]);
        if (m.find()) {
          fromRules++;
          assertEquals(Optional.of(Long.valueOf(m.group(1))), origin, c.name() + " line " + (i + 1) + ": " + lines[i]);
        } else if (MAP_ELEMENT.matcher(lines[i]).find()) {
          mapElements++;
          long host = Long.parseLong(MAP_ELEMENT.matcher(lines[i]).results().findFirst().orElseThrow().group(1));
          assertTrue(origin.isPresent(), c.name() + " line " + (i + 1) + " leads to host " + host + "'s rules");
          assertEquals(Optional.of(host), c.config().rule(origin.get()).map(r -> r.sourceHostId()),
              c.name() + " line " + (i + 1) + ": the rule named is one of that host's");
        } else if (lines[i].contains("!sekisho:") || lines[i].contains("comment \"host ")) {
          assertEquals(Optional.empty(), origin, c.name() + " line " + (i + 1) + " is Sekisho's own: " + lines[i]);
        }
      }
    }
    assertTrue(fromRules > 50, "golden cases should have many rule lines, got " + fromRules);
    assertTrue(mapElements >= 2, "golden cases should include per-host chains, got " + mapElements);
  }

  @Test
  void aSetLineNamesItsRules() {
    List<String> lines = List.of(RulesetCompiler.compile(GoldenCases.all().stream()
        .filter(c -> c.name().equals("07_per_host_blocks")).findFirst().orElseThrow().config()).text().split("\n"));
    assertTrue(lines.stream().anyMatch(l -> l.contains("@seg1_lvl2_deny_src drop comment \"rules #12 #22 #32 #42\"")),
        String.join("\n", lines));
  }
}
