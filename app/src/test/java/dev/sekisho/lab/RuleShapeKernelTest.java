package dev.sekisho.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.Applier;
import dev.sekisho.apply.ApplyOutcome;
import dev.sekisho.config.Action;
import dev.sekisho.config.Cidr;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.FirstMatch;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Policy;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.ruleset.CompiledRuleset;
import dev.sekisho.ruleset.RulesetCompiler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The new ruleset shapes proven by real packets: per-host blocks compiled to exact-match sets, a host with
 * many alternating rules in a chain of its own behind the source verdict map, and all-hosts rules between
 * per-host ones keeping their place. Every probe's outcome is compared with {@link FirstMatch}, the
 * evaluator the compiler is property-tested against, so kernel, plan and meaning agree.
 */
@KernelTest
class RuleShapeKernelTest {
  private static final Duration OPEN = Duration.ofSeconds(3);
  private static final Duration BLOCKED = Duration.ofMillis(1200);
  private static final String NET1 = LabNetwork.INTERNET_IP_1;
  private static final String NET2 = LabNetwork.INTERNET_IP_2;

  @RegisterExtension
  static final LabExtension LAB = LabExtension.lab().withApplier();

  static LabNetwork lab;
  static Applier applier;
  private long nextId = 1;

  @BeforeAll
  static void startLab() {
    lab = LAB.network();
    applier = LAB.applier();
  }

  @BeforeEach
  void noLeftoverRuleset() {
    lab.exec(LabNetwork.ROLE_GW, "nft", "flush", "ruleset");
  }

  @Test
  void perHostBlocksAsExactSetsLetEachHostReachOnlyWhatItsBlockAllows() {
    List<Rule> rules = new ArrayList<>();
    for (long host : List.of(LabSeed.LAPTOP, LabSeed.TABLET, LabSeed.PRINTER)) {
      rules.add(rule(host, null, Protocol.TCP, "443", Action.ALLOW));
      rules.add(rule(host, NET1, Protocol.UDP, "53", Action.ALLOW));
      rules.add(rule(host, null, Protocol.ANY, null, Action.DENY));
    }
    Config c = config(Policy.ALLOW, rules);
    String text = apply(c).text();
    assertTrue(text.contains("ip saddr . meta l4proto . th dport @seg1_lvl1_allow_src_proto_port accept"), text);
    assertTrue(text.contains("ip saddr @seg1_lvl2_deny_src drop"), text);
    assertTrue(!text.contains("flags interval"), "every field is exact, so no interval set:\n" + text);

    FirstMatch meaning = new FirstMatch(c);
    for (LabHost h : List.of(LabHost.LAPTOP, LabHost.PRINTER, LabHost.GUEST)) {
      checkTcp(meaning, h, NET1, 443);
      checkTcp(meaning, h, NET2, 80);
      checkUdp(meaning, h, NET1, 53);
      checkUdp(meaning, h, NET2, 53);
    }
    // Towards the gateway the deny holds too: the laptop's ping to it is dropped, the guest's answered.
    assertEquals(false, lab.ping(LabHost.LAPTOP.role(), LabNetwork.GW_LAN_IP), "laptop pings the gateway");
    assertEquals(true, lab.ping(LabHost.GUEST.role(), LabNetwork.GW_LAN_IP), "guest pings the gateway");
  }

  @Test
  void aHostInItsOwnChainAndAllHostsRulesInBetweenKeepFirstMatchOrder() {
    List<Rule> rules = new ArrayList<>();
    rules.add(rule(null, NET2, Protocol.TCP, "40000", Action.REJECT));
    // Six action changes for the laptop: more than the levels a segment shares, so a chain of its own.
    rules.add(rule(LabSeed.LAPTOP, null, Protocol.TCP, "22", Action.ALLOW));
    rules.add(rule(LabSeed.LAPTOP, null, Protocol.TCP, "80", Action.DENY));
    rules.add(rule(LabSeed.TABLET, null, Protocol.TCP, "22", Action.ALLOW));
    rules.add(rule(LabSeed.LAPTOP, null, Protocol.TCP, "443", Action.ALLOW));
    rules.add(rule(LabSeed.LAPTOP, NET1, Protocol.TCP, "40000", Action.DENY));
    rules.add(rule(LabSeed.LAPTOP, NET2, Protocol.ANY, null, Action.ALLOW));
    rules.add(rule(LabSeed.LAPTOP, null, Protocol.ANY, null, Action.DENY));
    rules.add(rule(null, null, Protocol.TCP, "22", Action.DENY));
    rules.add(rule(LabSeed.PRINTER, null, Protocol.TCP, "22", Action.ALLOW));
    Config c = config(Policy.ALLOW, rules);
    String text = apply(c).text();
    assertTrue(text.contains("ip saddr vmap @seg2_fwd_hosts"), text);
    assertTrue(text.contains("chain fwd_host_1_seg2 {"), text);

    FirstMatch meaning = new FirstMatch(c);
    for (LabHost h : List.of(LabHost.LAPTOP, LabHost.TABLET, LabHost.PRINTER)) {
      checkTcp(meaning, h, NET1, 22);
      checkTcp(meaning, h, NET1, 80);
      checkTcp(meaning, h, NET1, 443);
      checkTcp(meaning, h, NET1, 40000);
      checkTcp(meaning, h, NET2, 40000);
      checkTcp(meaning, h, NET2, 80);
    }
  }

  private void checkTcp(FirstMatch meaning, LabHost h, String dst, int port) {
    boolean expected = meaning.decide(new FirstMatch.Packet(Ipv4.parse(h.ip()), Ipv4.parse(dst), FirstMatch.TCP,
        port)).allowed();
    ProbeResult r = lab.tcp(h.role(), dst, port, expected ? OPEN : BLOCKED);
    assertEquals(expected, r.connected(), h.role() + " -> " + dst + " tcp " + port + ": " + r);
  }

  private void checkUdp(FirstMatch meaning, LabHost h, String dst, int port) {
    boolean expected = meaning.decide(new FirstMatch.Packet(Ipv4.parse(h.ip()), Ipv4.parse(dst), FirstMatch.UDP,
        port)).allowed();
    ProbeResult r = lab.udp(h.role(), dst, port, expected ? OPEN : BLOCKED);
    assertEquals(expected, r.connected(), h.role() + " -> " + dst + " udp " + port + ": " + r);
  }

  private CompiledRuleset apply(Config c) {
    CompiledRuleset rs = RulesetCompiler.compile(c);
    ApplyOutcome o = applier.apply(rs);
    assertTrue(o.ok(), () -> "apply failed: " + o.problems());
    return rs;
  }

  private static Config config(Policy lanDefault, List<Rule> rules) {
    Config c = LabSeed.base().withSettings(s -> s.withLanDefault(lanDefault));
    for (Rule r : rules) {
      c = c.withRule(r);
    }
    return c;
  }

  private Rule rule(Long host, String dst, Protocol p, String ports, Action a) {
    return new Rule(nextId++, host, dst == null ? null : Cidr.parse(dst), p, ports == null ? null : PortRange.parse(ports),
        a, false, Comment.NONE, true);
  }
}
