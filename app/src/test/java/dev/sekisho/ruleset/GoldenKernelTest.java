package dev.sekisho.ruleset;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Action;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.InterfaceAddress;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Mac;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Role;
import dev.sekisho.config.Rule;
import dev.sekisho.config.Settings;
import dev.sekisho.lab.ExecResult;
import dev.sekisho.lab.KernelTest;
import dev.sekisho.lab.Netns;
import dev.sekisho.lab.NetnsSupport;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every golden ruleset must be accepted by the real nft and kernel: checked with {@code nft -c}, then loaded
 * (twice, to prove the replace-the-table idiom works over an existing table) in a throwaway namespace.
 */
@KernelTest
class GoldenKernelTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  static Netns ns;

  @BeforeAll
  static void namespace() {
    ns = Netns.create(NetnsSupport.newPrefix() + "-golden");
  }

  @AfterAll
  static void cleanup() {
    if (ns != null) {
      ns.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyGoldenRulesetLoads() {
    return GoldenCases.all().stream().filter(c -> Files.exists(c.expectedNft()))
        .map(c -> DynamicTest.dynamicTest(c.name(), () -> checkAndLoad(GoldenCases.read(c.expectedNft()))));
  }

  @TestFactory
  Stream<DynamicTest> everySafeRulesetLoads() {
    return GoldenCases.safeCases().stream().map(d -> DynamicTest.dynamicTest(d.getFileName().toString(),
        () -> checkAndLoad(GoldenCases.read(d.resolve("expected.nft")))));
  }

  @Test
  void tenThousandHostRulesLoad() {
    List<Host> hosts = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    for (int i = 1; i <= 5000; i++) {
      hosts.add(new Host(i, "h" + i, new Mac(0x025e_0000_0000L + i), new Ipv4(0x0a000100 + i)));
      rules.add(new Rule(i, (long) i, null, Protocol.TCP, PortRange.of(443), Action.ALLOW, false, Comment.NONE, true));
      rules.add(new Rule(10000 + i, (long) i, null, Protocol.ANY, null, Action.DENY, false, Comment.NONE, true));
    }
    Config c = Config.of(List.of(new NetInterface("lan0", Role.LAN, InterfaceAddress.parse("10.0.0.1/8")),
        new NetInterface("wan0", Role.WAN, null)), hosts, rules, Settings.DEFAULTS);
    checkAndLoad(RulesetCompiler.compile(c).text());
  }

  private static void checkAndLoad(String ruleset) {
    ExecResult check = ns.execWithInput(ruleset, TIMEOUT, "nft", "-c", "-f", "-");
    assertTrue(check.ok(), () -> "nft -c refused it: " + check.describe());
    for (int i = 0; i < 2; i++) {
      ExecResult load = ns.execWithInput(ruleset, TIMEOUT, "nft", "-f", "-");
      assertTrue(load.ok(), () -> "nft -f refused it: " + load.describe());
    }
    ExecResult list = ns.exec(TIMEOUT, "nft", "list", "tables");
    assertTrue(list.ok() && list.stdout().strip().equals("table inet sekisho"),
        () -> "exactly Sekisho's table is loaded: " + list.describe());
    ns.exec(TIMEOUT, "nft", "flush", "ruleset");
  }
}
