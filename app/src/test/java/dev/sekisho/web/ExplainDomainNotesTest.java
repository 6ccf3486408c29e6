package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.LearnedSets;
import dev.sekisho.apply.Nft;
import dev.sekisho.config.Action;
import dev.sekisho.config.AddressList;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.DomainName;
import dev.sekisho.config.Explain;
import dev.sekisho.config.FirstMatch;
import dev.sekisho.config.IpAddr;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Network;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.dns.DnsMessage;
import dev.sekisho.dns.DnsReader;
import dev.sekisho.dns.DnsWriter;
import dev.sekisho.dns.DomainLearner;
import dev.sekisho.lab.LabSeed;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The explain page's notes on domain rules: the answer that put the address in the set, for a list's names too. */
class ExplainDomainNotesTest {
  @Test
  void aRuleNamingAListWithNamesIsExplainedByTheAnswerThatPutTheAddressInItsSet() throws Exception {
    Nft nft = (args, stdin) -> new Nft.NftResult(0, "", "");
    Config c = LabSeed.base().withSettings(s -> s.withDns(Ipv4.parse("203.0.113.53"), 30, 3600, false))
        .withAddressLists(List.of(new AddressList(100, "school", List.of(Network.parse("192.0.2.0/24")),
            List.of(DomainName.parse("learn.example.net")))))
        .withRule(new Rule(7, LabSeed.TABLET, null, Protocol.TCP, null, Action.ALLOW, false, Comment.parse("list"),
            true).withObjects(null, 100L, null));
    DomainLearner learner = new DomainLearner(() -> c, new LearnedSets(nft), () -> 1_000_000L, 100, 1000);
    learner.learn("learn.example.net", DnsReader.read(DnsWriter.answer(1, "learn.example.net", DnsMessage.A,
        List.of(new DnsMessage.Record("learn.example.net", DnsMessage.A, 60, new byte[] {(byte) 198, 51, 100, 9},
            null)), false)));
    Explain.Query q = new Explain.Query(IpAddr.parse("192.168.77.11"), null, IpAddr.parse("198.51.100.9"),
        FirstMatch.TCP, 443, Explain.Direction.FORWARD);
    var e = new Explain(c, learner).explain(q);
    assertEquals(dev.sekisho.config.Explanation.Code.RULE_DECIDES, e.decidedBy().code(), e::toString);
    List<String> notes = ExplainController.domainNotes(c, e, q, learner);
    assertEquals(1, notes.size(), notes::toString);
    assertTrue(notes.get(0).contains("learn.example.net") && notes.get(0).contains("198.51.100.9")
        && notes.get(0).contains("is in its set"), notes.get(0));
    // another address: not learned, said so
    Explain.Query other = new Explain.Query(IpAddr.parse("192.168.77.11"), null, IpAddr.parse("198.51.100.10"),
        FirstMatch.TCP, 443, Explain.Direction.FORWARD);
    List<String> none = ExplainController.domainNotes(c, new Explain(c, learner).explain(other), other, learner);
    assertTrue(none.get(0).contains("is not in its set"), none.toString());
  }
}
