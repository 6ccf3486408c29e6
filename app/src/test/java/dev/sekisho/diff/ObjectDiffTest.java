package dev.sekisho.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.AddressList;
import dev.sekisho.config.Config;
import dev.sekisho.config.HostGroup;
import dev.sekisho.config.Network;
import dev.sekisho.config.TestConfigs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Objects in previews and revision diffs: groups by member names, big lists by what was added and removed. */
class ObjectDiffTest {

  @Test
  void objectChangesAreListedInTheAdminsTerms() {
    Config before = TestConfigs.inBackupFixturesV5();
    List<Network> entries = new ArrayList<>(before.addressList(101).orElseThrow().entries());
    for (int i = 0; i < 1000; i++) {
      entries.add(Network.parse("198.18." + (i / 256) + "." + (i % 256)));
    }
    Config after = before.withGroups(List.of(new HostGroup(100, "kids", List.of(3L))))
        .withAddressLists(List.of(new AddressList(101, "update servers", entries.subList(1, entries.size()))));
    List<String> texts = ConfigDiff.between(before, after).stream().map(c -> c.text(Locale.ENGLISH)).toList();
    assertEquals(2, texts.size(), texts.toString());
    assertTrue(texts.get(0).contains("Group kids (#100)") && texts.get(0).contains("name 子供の端末 → kids")
        && texts.get(0).contains("members 子供のタブレット, Living room TV → 子供のタブレット"), texts.get(0));
    assertTrue(texts.get(1).contains("entries 1 removed 203.0.113.0/24 → 1000 added 198.18.0.0, 198.18.0.1, "
        + "198.18.0.2, 198.18.0.3, 198.18.0.4, …"), texts.get(1));
    // and the rule that names them is described by the objects' names
    String rule = ConfigDiff.describe(after, after.rule(20).orElseThrow());
    assertTrue(rule.contains("group kids (#100)") && rule.contains("list update servers (#101)")
        && rule.contains("HTTPS"), rule);
    assertEquals(List.of(), ConfigDiff.between(after, after));
  }
}
