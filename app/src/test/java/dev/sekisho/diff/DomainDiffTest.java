package dev.sekisho.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Config;
import dev.sekisho.config.DomainName;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.TestConfigs;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Domain rules and the DNS forwarder's settings in revision and preview diffs. */
class DomainDiffTest {
  private static final Config BASE = TestConfigs.inBackupFixturesV11();

  private static List<String> lines(Config a, Config b, Locale l) {
    return ConfigDiff.between(a, b).stream().map(c -> c.text(l)).toList();
  }

  @Test
  void aRulesDomainChangeIsShown() {
    Config after = BASE.withRule(BASE.rule(30).orElseThrow().withDomain(DomainName.parse("example.net")));
    List<String> en = lines(BASE, after, Locale.ENGLISH);
    assertEquals(1, en.size(), en::toString);
    assertTrue(en.get(0).contains("domain *.example.org → domain example.net"), en.get(0));
    assertTrue(lines(BASE, after, Locale.JAPANESE).get(0).contains("ドメイン *.example.org → ドメイン example.net"));
  }

  @Test
  void theForwardersSettingsAreShownAndAbsentWhenUnused() {
    Config after = BASE.withSettings(s -> s.withDns(Ipv4.parse("192.0.2.54"), 15, 900, false));
    String en = String.join("\n", lines(BASE, after, Locale.ENGLISH));
    assertTrue(en.contains("192.0.2.53 → 192.0.2.54") && en.contains("on → off"), en);
    Config plain = TestConfigs.inBackupFixturesV6();
    assertEquals(List.of(), lines(plain, plain.withSettings(s -> s.withSshFromLan(s.sshFromLan()))));
  }

  private static List<String> lines(Config a, Config b) {
    return lines(a, b, Locale.ENGLISH);
  }
}
