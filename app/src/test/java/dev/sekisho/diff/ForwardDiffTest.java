package dev.sekisho.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sekisho.config.Cidr;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.PortForward;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.TestConfigs;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Port forwards in revision and preview diffs. */
class ForwardDiffTest {
  private static final Config BASE = TestConfigs.inBackupFixturesV6();

  private static List<String> lines(Config a, Config b, Locale l) {
    return ConfigDiff.between(a, b).stream().map(c -> c.text(l)).toList();
  }

  @Test
  void addedAndRemovedSayWhatTheForwardDoes() {
    Config without = BASE.withoutForward(2);
    assertEquals(List.of("Port forward #2 (NAS web) added: tcp WAN port 8444 to nas (#1) port 443, from 192.0.2.7, "
        + "203.0.113.0/24, reflected, logged"), lines(without, BASE, Locale.ENGLISH));
    assertEquals(List.of("Port forward #2 (NAS web) removed: tcp WAN port 8444 to nas (#1) port 443, from 192.0.2.7, "
        + "203.0.113.0/24, reflected, logged"), lines(BASE, without, Locale.ENGLISH));
    assertEquals(ConfigDiff.Section.FORWARDS, ConfigDiff.between(BASE, without).get(0).section());
  }

  @Test
  void changedFieldByField() {
    PortForward f = BASE.forward(2).orElseThrow();
    PortForward g = new PortForward(2, Protocol.TCP, PortRange.of(9443), null, Ipv4.parse("192.168.1.41"), null,
        List.of(), false, true, new Comment("NAS web"), true);
    assertEquals(List.of("Port forward #2 (NAS web) changed: WAN port 8444 → 9443; target nas (#1) → 192.168.1.41; "
        + "server port 443 → the same; allowed sources 192.0.2.7, 203.0.113.0/24 → any; NAT reflection on → off"),
        lines(BASE, BASE.withForward(g), Locale.ENGLISH));
    assertEquals(List.of("ポートフォワード #2 (NAS web): 変更 (WAN ポート 8444 → 9443)"),
        lines(BASE, BASE.withForward(new PortForward(2, f.protocol(), PortRange.of(9443), f.hostId(), null,
            f.targetPort(), List.of(Cidr.parse("192.0.2.7"), Cidr.parse("203.0.113.0/24")), true, true,
            f.comment(), true)), Locale.JAPANESE));
  }

  @Test
  void noForwardsNoChange() {
    assertEquals(List.of(), ConfigDiff.between(BASE, BASE));
  }
}
