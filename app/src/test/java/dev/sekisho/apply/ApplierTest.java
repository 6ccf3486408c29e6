package dev.sekisho.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Action;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.Problem;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.lab.LabSeed;
import dev.sekisho.ruleset.Compilation;
import dev.sekisho.ruleset.CompiledRuleset;
import dev.sekisho.ruleset.RulesetCompiler;
import dev.sekisho.store.AppliedStore;
import dev.sekisho.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The applier's order of steps and its error handling, with a recording stand-in for the nft binary. */
class ApplierTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  @TempDir
  Path dir;
  Database db;
  AppliedStore applied;
  final List<List<String>> calls = new ArrayList<>();
  final List<String> inputs = new ArrayList<>();

  @BeforeEach
  void open() {
    db = Database.open(dir);
    applied = new AppliedStore(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private Applier applier(Function<List<String>, Nft.NftResult> answer) {
    Nft fake = (args, stdin) -> {
      calls.add(args);
      inputs.add(stdin);
      return answer.apply(args);
    };
    return new Applier(fake, applied, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static Config withRules(Rule... rules) {
    Config c = LabSeed.base();
    for (Rule r : rules) {
      c = c.withRule(r);
    }
    return c;
  }

  @Test
  void checksThenLoadsTheCompiledRulesetAndRecordsIt() {
    Config c = LabSeed.demo();
    CompiledRuleset rs = RulesetCompiler.compile(c);
    ApplyOutcome o = applier(a -> new Nft.NftResult(0, "", "")).apply(rs);

    assertTrue(o.ok(), o.problems().toString());
    assertEquals(List.of(List.of("-c", "-f", "-"), List.of("-f", "-")), calls);
    String expected = RulesetCompiler.compile(c).text();
    assertEquals(List.of(expected, expected), inputs);
    assertSame(rs.text(), inputs.get(0), "nft gets the compiled text as it was handed over, not a recompilation");
    assertSame(rs.text(), inputs.get(1));
    assertEquals(NOW, applied.current().orElseThrow().appliedAt());
    assertEquals(c, applied.current().orElseThrow().config());
    assertEquals(expected, applied.current().orElseThrow().ruleset());
  }

  @Test
  void aFailedCheckLoadsNothingAndTracesTheErrorToTheRule() {
    Config c = withRules(
        new Rule(5, LabSeed.TABLET, null, Protocol.TCP, null, Action.ALLOW, false, Comment.NONE, true),
        new Rule(9, LabSeed.PRINTER, null, Protocol.ANY, null, Action.DENY, false, new Comment("printer"), true));
    CompiledRuleset rs = RulesetCompiler.compile(c);
    String text = rs.text();
    int line = text.lines().toList().indexOf(text.lines().filter(l -> l.contains("#9 printer")).findFirst()
        .orElseThrow()) + 1;
    ApplyOutcome o = applier(a -> a.contains("-c")
        ? new Nft.NftResult(1, "", "/dev/stdin:" + line + ":3-20: Error: Could not process rule: No such file\n")
        : new Nft.NftResult(0, "", "")).apply(rs);

    assertFalse(o.ok());
    assertEquals(1, calls.size(), "nothing is loaded after a failed check");
    assertTrue(applied.current().isEmpty(), "nothing is recorded as applied");
    assertEquals(List.of(new Problem("rules[1]", "rule #9: nft refused line " + line
        + ": Error: Could not process rule: No such file")), o.problems());
  }

  @Test
  void aRefusedForwardLineIsTracedToThePortForward() {
    Config c = withRules().withForward(new dev.sekisho.config.PortForward(3, Protocol.TCP,
        dev.sekisho.config.PortRange.of(8443), LabSeed.LAPTOP, null, 443, List.of(), true, false, Comment.NONE, true));
    CompiledRuleset rs = RulesetCompiler.compile(c);
    List<String> lines = rs.text().lines().toList();
    int line = lines.indexOf(lines.stream().filter(l -> l.contains("dnat ip to") && l.contains("\"forward #3\""))
        .findFirst().orElseThrow()) + 1;
    ApplyOutcome o = applier(a -> a.contains("-c")
        ? new Nft.NftResult(1, "", "/dev/stdin:" + line + ":3-20: Error: Could not process rule: No such file\n")
        : new Nft.NftResult(0, "", "")).apply(rs);
    assertEquals(List.of(new Problem("forwards[0]", "port forward #3: nft refused line " + line
        + ": Error: Could not process rule: No such file")), o.problems());
  }

  @Test
  void anInvalidConfigNeverReachesNft() {
    // The applier only takes a CompiledRuleset, and an invalid config never becomes one: the compilation
    // carries the located problems instead (SafeApplyTest shows nft is never run for it).
    Config c = withRules(new Rule(1, 42L, null, Protocol.ANY, null, Action.DENY, false, Comment.NONE, true));
    Compilation refused = RulesetCompiler.tryCompile(c);
    assertFalse(refused.ok());
    assertEquals("rules[0].source", refused.problems().get(0).path());
    assertThrows(IllegalArgumentException.class, refused::ruleset);
  }

  @Test
  void aFailedLoadKeepsThePreviousAppliedState() {
    Config first = LabSeed.base();
    applier(a -> new Nft.NftResult(0, "", "")).apply(RulesetCompiler.compile(first));
    ApplyOutcome o = applier(a -> a.contains("-c") ? new Nft.NftResult(0, "", "")
        : new Nft.NftResult(1, "", "netlink: Error: cannot allocate memory"))
        .apply(RulesetCompiler.compile(LabSeed.demo()));
    assertFalse(o.ok());
    assertEquals(first, applied.current().orElseThrow().config());
    assertEquals("ruleset", o.problems().get(0).path());
    assertTrue(o.problems().get(0).message().contains("cannot allocate memory"));
  }

  @Test
  void aRollbackTextIsCheckedBeforeItIsLoadedAndARefusalQuotesNft() {
    String text = Applier.withoutTable();
    ApplyOutcome o = applier(a -> a.contains("-c")
        ? new Nft.NftResult(1, "", "/dev/stdin:2:1-6: Error: No such file or directory\nmore\n")
        : new Nft.NftResult(0, "", "")).loadText(text);
    assertFalse(o.ok());
    assertEquals(List.of(List.of("-c", "-f", "-")), calls, "nothing is loaded after a failed check");
    assertEquals(List.of(new Problem("ruleset", "/dev/stdin:2:1-6: Error: No such file or directory\nmore")),
        o.problems());
    assertTrue(applied.current().isEmpty(), "a rollback's load records nothing itself");

    calls.clear();
    assertTrue(applier(a -> new Nft.NftResult(0, "", "")).loadText(text).ok());
    assertEquals(List.of(List.of("-c", "-f", "-"), List.of("-f", "-")), calls);
  }

  @Test
  void processNftOnlyEverAddsANamespacePrefixAndNoShell() {
    assertEquals(List.of("nft"), ProcessNft.local().prefix());
    assertEquals(List.of("ip", "netns", "exec", "sk1-gw", "nft"), ProcessNft.inNamespace("sk1-gw").prefix());
    assertThrows(IllegalArgumentException.class,
        () -> ProcessNft.inNamespace("gw; rm -rf /"));
  }
}
