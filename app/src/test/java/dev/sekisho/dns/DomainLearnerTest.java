package dev.sekisho.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.LearnedSets;
import dev.sekisho.apply.Nft;
import dev.sekisho.config.Action;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.DomainName;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.lab.LabSeed;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The learner: which rules an answer feeds, CNAME chains, TTL floor and cap, caps and evictions, replay. */
class DomainLearnerTest {
  private final List<String> scripts = new ArrayList<>();
  private final Nft nft = (args, stdin) -> {
    scripts.add(stdin);
    return new Nft.NftResult(0, "", "");
  };
  private final AtomicLong now = new AtomicLong(1_000_000);

  private static Config config(int floor, int cap) {
    return LabSeed.base().withSettings(s -> s.withDns(Ipv4.parse("203.0.113.53"), floor, cap, false))
        .withRule(new Rule(5, LabSeed.TABLET, null, Protocol.ANY, null, Action.ALLOW, false, Comment.parse("org"),
            true).withDomain(DomainName.parse("*.example.org")))
        .withRule(new Rule(6, null, null, Protocol.ANY, null, Action.DENY, false, Comment.parse("exact"), true)
            .withDomain(DomainName.parse("ads.example.com")));
  }

  private static byte[] ip(int a, int b, int c, int d) {
    return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
  }

  private static DnsMessage answer(String q, DnsMessage.Record... rs) throws Exception {
    return DnsReader.read(DnsWriter.answer(1, q, DnsMessage.A, List.of(rs), false));
  }

  @Test
  void aCnameIntoAnotherZoneStillBelongsToTheRuleOfTheAskedName() throws Exception {
    Config c = config(30, 3600);
    DomainLearner l = new DomainLearner(() -> c, new LearnedSets(nft), now::get, 100, 1000);
    List<DomainLearner.Learned> got = l.learn("www.example.org", answer("www.example.org",
        new DnsMessage.Record("www.example.org", DnsMessage.CNAME, 600, null, "edge.cdn.example.net"),
        new DnsMessage.Record("edge.cdn.example.net", DnsMessage.A, 120, ip(203, 0, 113, 20), null),
        // not on the chain: an answer may not slip in addresses for other names
        new DnsMessage.Record("evil.example.net", DnsMessage.A, 120, ip(203, 0, 113, 66), null)));
    assertEquals(1, got.size());
    assertEquals("www.example.org -> edge.cdn.example.net", got.get(0).chain());
    assertEquals(120, got.get(0).timeout(), "the smallest TTL along the chain");
    assertTrue(l.has(5, Ipv4.parse("203.0.113.20")));
    assertFalse(l.has(5, Ipv4.parse("203.0.113.66")));
    assertFalse(l.has(6, Ipv4.parse("203.0.113.20")), "the exact rule names another name");
    assertEquals("add element inet sekisho dom4_5 { 203.0.113.20 timeout 120s }\n"
        + "delete element inet sekisho dom4_5 { 203.0.113.20 }\n"
        + "add element inet sekisho dom4_5 { 203.0.113.20 timeout 120s }\n", scripts.get(0));

    now.addAndGet(121_000);
    assertFalse(l.has(5, Ipv4.parse("203.0.113.20")), "expired with its TTL");
  }

  @Test
  void everyAnsweredAddressKeepsTheNameItWasAskedByForTheInboxBoundedAndWithoutAnySet() throws Exception {
    Config c = config(30, 3600);
    DomainLearner l = new DomainLearner(() -> c, new LearnedSets(nft), now::get, 100, 1000);
    assertTrue(l.learn("news.example.net", answer("news.example.net",
        new DnsMessage.Record("news.example.net", DnsMessage.CNAME, 60, null, "edge.example.com"),
        new DnsMessage.Record("edge.example.com", DnsMessage.A, 60, ip(198, 51, 100, 80), null),
        new DnsMessage.Record("other.example.com", DnsMessage.A, 60, ip(198, 51, 100, 81), null))).isEmpty(),
        "no rule names it");
    assertTrue(scripts.isEmpty(), "nothing goes to the kernel for a name no rule names");
    assertEquals(java.util.Optional.of("news.example.net"), l.nameOf(Ipv4.parse("198.51.100.80")));
    assertEquals(java.util.Optional.empty(), l.nameOf(Ipv4.parse("198.51.100.81")), "not on the chain");
    // the oldest names go once more addresses than the bound were answered
    for (int i = 0; i < DomainLearner.NAMES_KEPT; i++) {
      l.learn("n" + i + ".example.net", answer("n" + i + ".example.net", new DnsMessage.Record("n" + i
          + ".example.net", DnsMessage.A, 60, ip(10, (i >> 16) & 255, (i >> 8) & 255, i & 255), null)));
    }
    assertEquals(java.util.Optional.empty(), l.nameOf(Ipv4.parse("198.51.100.80")));
    assertEquals(java.util.Optional.of("n4095.example.net"), l.nameOf(Ipv4.parse("10.0.15.255")));
  }

  @Test
  void aRuleNamingAnAddressListLearnsForTheListsDomainNamesInItsOwnSet() throws Exception {
    Config c = config(30, 3600).withAddressLists(List.of(new dev.sekisho.config.AddressList(100, "school",
        List.of(dev.sekisho.config.Network.parse("192.0.2.0/24")), List.of(DomainName.parse("learn.example.net")))))
        .withRule(new Rule(7, LabSeed.TABLET, null, Protocol.ANY, null, Action.ALLOW, false, Comment.parse("list"),
            true).withObjects(null, 100L, null));
    DomainLearner l = new DomainLearner(() -> c, new LearnedSets(nft), now::get, 100, 1000);
    List<DomainLearner.Learned> got = l.learn("learn.example.net", answer("learn.example.net",
        new DnsMessage.Record("learn.example.net", DnsMessage.A, 60, ip(198, 51, 100, 9), null)));
    assertEquals(1, got.size());
    assertEquals(7, got.get(0).ruleId());
    assertTrue(l.has(7, Ipv4.parse("198.51.100.9")));
    assertTrue(scripts.get(0).contains("add element inet sekisho dom4_7 { 198.51.100.9 timeout 60s }"), scripts.get(0));
    assertTrue(l.learn("other.example.net", answer("other.example.net",
        new DnsMessage.Record("other.example.net", DnsMessage.A, 60, ip(198, 51, 100, 10), null))).isEmpty());
  }

  @Test
  void exactNamesMatchOnlyThemselvesAndTtlsAreFlooredAndCapped() throws Exception {
    Config c = config(60, 600);
    DomainLearner l = new DomainLearner(() -> c, new LearnedSets(nft), now::get, 100, 1000);
    assertTrue(l.learn("x.ads.example.com", answer("x.ads.example.com",
        new DnsMessage.Record("x.ads.example.com", DnsMessage.A, 5, ip(1, 2, 3, 4), null))).isEmpty());
    assertEquals(60, l.learn("ads.example.com", answer("ads.example.com",
        new DnsMessage.Record("ads.example.com", DnsMessage.A, 5, ip(1, 2, 3, 4), null))).get(0).timeout());
    assertEquals(600, l.learn("example.org", answer("example.org",
        new DnsMessage.Record("example.org", DnsMessage.A, 86_400, ip(1, 2, 3, 5), null))).get(0).timeout());
    assertTrue(l.learn("example.net", answer("example.net",
        new DnsMessage.Record("example.net", DnsMessage.A, 60, ip(1, 2, 3, 6), null))).isEmpty(), "no rule");
  }

  @Test
  void capsEvictTheOldestAndCountIt() throws Exception {
    Config c = config(30, 3600);
    DomainLearner l = new DomainLearner(() -> c, new LearnedSets(nft), now::get, 3, 4);
    for (int i = 1; i <= 5; i++) {
      now.addAndGet(1000);
      l.learn("n" + i + ".example.org", answer("n" + i + ".example.org",
          new DnsMessage.Record("n" + i + ".example.org", DnsMessage.A, 300, ip(10, 0, 0, i), null)));
    }
    assertEquals(3, l.stats().held());
    assertEquals(2, l.stats().evictions());
    assertFalse(l.has(5, Ipv4.parse("10.0.0.1")));
    assertTrue(l.has(5, Ipv4.parse("10.0.0.5")));
    assertTrue(scripts.get(scripts.size() - 1).contains("add element inet sekisho dom4_5 { 10.0.0.2 timeout 1s }\n"
        + "delete element inet sekisho dom4_5 { 10.0.0.2 }\n"), "evicted from the kernel set too");
    // the total cap across rules
    for (int i = 1; i <= 3; i++) {
      l.learn("ads.example.com", answer("ads.example.com",
          new DnsMessage.Record("ads.example.com", DnsMessage.A, 300, ip(10, 1, 0, i), null)));
    }
    assertEquals(4, l.stats().held());
  }

  @Test
  void replayPutsBackWhatIsLeftWithItsRemainingTime() throws Exception {
    Config c = config(30, 3600);
    DomainLearner l = new DomainLearner(() -> c, new LearnedSets(nft), now::get, 100, 1000);
    l.learn("example.org", answer("example.org",
        new DnsMessage.Record("example.org", DnsMessage.A, 100, ip(1, 2, 3, 5), null)));
    now.addAndGet(40_000);
    l.replay();
    assertTrue(scripts.get(scripts.size() - 1).endsWith("add element inet sekisho dom4_5 { 1.2.3.5 timeout 60s }\n"),
        scripts.get(scripts.size() - 1));
  }

  @Test
  void aaaaAddressesGoToTheIpv6SetOnlyWhileIpv6IsForwarded() throws Exception {
    byte[] v6 = new byte[16];
    v6[0] = 0x20;
    v6[1] = 0x01;
    v6[2] = 0x0d;
    v6[3] = (byte) 0xb8;
    v6[15] = 0x10;
    DnsMessage aaaa = DnsReader.read(DnsWriter.answer(1, "example.org", DnsMessage.AAAA, List.of(
        new DnsMessage.Record("example.org", DnsMessage.AAAA, 100, v6, null)), false));
    Config v4only = config(30, 3600);
    assertTrue(new DomainLearner(() -> v4only, new LearnedSets(nft), now::get, 100, 1000).learn("example.org", aaaa)
        .isEmpty(), "no IPv6 set without IPv6 forwarding");
    Config dual = dev.sekisho.lab.LabSeed.dualStack().withSettings(s -> s.withDns(Ipv4.parse("203.0.113.53"), 30,
        3600, false)).withRules(v4only.rules());
    DomainLearner l = new DomainLearner(() -> dual, new LearnedSets(nft), now::get, 100, 1000);
    assertEquals(1, l.learn("example.org", aaaa).size());
    assertTrue(scripts.get(scripts.size() - 1).startsWith("add element inet sekisho dom6_5 { 2001:db8::10 timeout 100s }"),
        scripts.get(scripts.size() - 1));
  }

  @Test
  void aFailedNftIsCounted() throws Exception {
    Config c = config(30, 3600);
    DomainLearner l = new DomainLearner(() -> c, new LearnedSets((a, s) -> new Nft.NftResult(1, "", "no")),
        now::get, 100, 1000);
    l.learn("example.org", answer("example.org",
        new DnsMessage.Record("example.org", DnsMessage.A, 100, ip(1, 2, 3, 5), null)));
    assertEquals(1, l.stats().nftFailures());
  }
}
