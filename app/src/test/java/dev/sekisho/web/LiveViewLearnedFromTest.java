package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sekisho.apply.LearnedSets;
import dev.sekisho.capture.FlowKey;
import dev.sekisho.capture.IpAddress;
import dev.sekisho.config.Action;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.DomainName;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.dns.DnsMessage;
import dev.sekisho.dns.DnsReader;
import dev.sekisho.dns.DnsWriter;
import dev.sekisho.dns.DomainLearner;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The flow view names the domain (and CNAME chain) a flow's remote address was learned from. */
class LiveViewLearnedFromTest {
  @Test
  void aLearnedRemoteAddressShowsItsNameAndOthersNothing() throws Exception {
    Config c = WebTestBase.lan().withSettings(s -> s.withDns(Ipv4.parse("192.0.2.53"), 30, 3600, false))
        .withRule(new Rule(10, null, null, Protocol.TCP, null, Action.ALLOW, false, Comment.parse(""), true)
            .withDomain(DomainName.parse("*.example.org")));
    DomainLearner l = new DomainLearner(() -> c, new LearnedSets((a, s) -> new dev.sekisho.apply.Nft.NftResult(0,
        "", "")));
    l.learn("www.example.org", DnsReader.read(DnsWriter.answer(1, "www.example.org", DnsMessage.A, List.of(
        new DnsMessage.Record("www.example.org", DnsMessage.CNAME, 60, null, "edge.example.net"),
        new DnsMessage.Record("edge.example.net", DnsMessage.A, 60, new byte[] {(byte) 203, 0, 113, 20}, null)),
        false)));
    FlowKey learned = new FlowKey(6, IpAddress.parse("192.168.1.20"), 40000, IpAddress.parse("203.0.113.20"), 443);
    assertEquals("learned from www.example.org -> edge.example.net", LiveView.learnedFrom(Locale.ENGLISH, l, learned));
    assertEquals("www.example.org -> edge.example.net から学習", LiveView.learnedFrom(Locale.JAPANESE, l, learned));
    FlowKey other = new FlowKey(6, IpAddress.parse("192.168.1.20"), 40000, IpAddress.parse("203.0.113.21"), 443);
    assertNull(LiveView.learnedFrom(Locale.ENGLISH, l, other));
    assertNull(LiveView.learnedFrom(Locale.ENGLISH, null, learned));
  }
}
