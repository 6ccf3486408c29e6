package dev.sekisho.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.ruleset.SafeRuleset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order of the fallbacks and the reasons given, with a scripted nft; {@code BootRestoreKernelTest} and
 * {@code BootRestoreFallbackKernelTest} do the same against the real kernel.
 */
class BootRestoreTest {
  private static final String GOOD = "table inet sekisho\ndelete table inet sekisho\ntable inet sekisho {\n}\n";
  private static final String PREVIOUS_GOOD = GOOD.replace("{\n", "{\n# previous\n");
  private static final SafeRuleset.Management LAN = new SafeRuleset.Management(List.of("lan0"), 8443, false);

  @TempDir
  Path dir;

  /** nft -c refuses text containing BROKEN; a listing shows the drop policies unless the text said OPEN. */
  static final class ScriptedNft implements Nft {
    final List<List<String>> calls = new ArrayList<>();
    final List<String> loaded = new ArrayList<>();
    boolean missing;

    @Override
    public NftResult run(List<String> args, String stdin) {
      calls.add(args);
      if (missing) {
        return new NftResult(127, "", "cannot run nft: No such file or directory");
      }
      if (args.contains("-c")) {
        return stdin.contains("BROKEN") ? new NftResult(1, "", "/dev/stdin:3:1-5: Error: syntax error") : ok("");
      }
      if (args.contains("-f")) {
        loaded.add(stdin);
        return ok("");
      }
      String policy = loaded.get(loaded.size() - 1).contains("OPEN") ? "accept" : "drop";
      return ok("{\"nftables\": [{\"metainfo\": {}}, {\"table\": {\"family\": \"inet\", \"name\": \"sekisho\"}},"
          + " {\"chain\": {\"name\": \"input\", \"hook\": \"input\", \"policy\": \"drop\"}},"
          + " {\"chain\": {\"name\": \"forward\", \"hook\": \"forward\", \"policy\": \"" + policy + "\"}},"
          + " {\"chain\": {\"name\": \"fwd_lan\"}}]}");
    }

    private static NftResult ok(String out) {
      return new NftResult(0, out, "");
    }
  }

  private final ScriptedNft nft = new ScriptedNft();

  private BootRestore.Report restore() {
    BootRestore.Report r = new BootRestore(nft, new RulesetFile(dir)).run();
    for (String text : nft.loaded) {
      assertTrue(text.contains("table inet sekisho {"), "only ever loads a definition of Sekisho's table");
    }
    return r;
  }

  private void save(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text);
  }

  @Test
  void theLastConfirmedRulesetIsLoadedWithOneLoad() throws IOException {
    new RulesetFile(dir).write(PREVIOUS_GOOD);
    new RulesetFile(dir).write(GOOD);
    BootRestore.Report r = restore();
    assertEquals(Optional.of(BootRestore.Source.CONFIRMED), r.loaded());
    assertEquals(BootRestore.EXIT_CONFIRMED, r.exitCode());
    assertEquals(List.of(), r.rejected());
    assertEquals(List.of(GOOD), nft.loaded);
    assertEquals(List.of(List.of("-c", "-f", "-"), List.of("-f", "-"), List.of("-j", "list", "table", "inet",
        "sekisho")), nft.calls);
  }

  @Test
  void aCorruptedCurrentFallsBackToThePrevious() throws IOException {
    save(RulesetFile.PREVIOUS, PREVIOUS_GOOD);
    save(RulesetFile.CURRENT, GOOD.replace("{\n}", "{\nBROKEN"));
    BootRestore.Report r = restore();
    assertEquals(Optional.of(BootRestore.Source.PREVIOUS), r.loaded());
    assertEquals(BootRestore.EXIT_FALLBACK, r.exitCode());
    assertEquals(BootRestore.Source.CONFIRMED, r.rejected().get(0).source());
    assertTrue(r.rejected().get(0).reason().contains("nft -c refused it"), r.rejected().toString());
    assertEquals(List.of(PREVIOUS_GOOD), nft.loaded, "the corrupted file was never loaded");
  }

  @Test
  void withBothRulesetsUnusableTheSafeRulesetForTheSavedLanIsLoaded() throws IOException {
    save(RulesetFile.CURRENT, "");
    save(RulesetFile.PREVIOUS, "flush ruleset\n");
    new RulesetFile(dir).writeManagement(LAN);
    BootRestore.Report r = restore();
    assertEquals(Optional.of(BootRestore.Source.SAFE), r.loaded());
    assertEquals(BootRestore.EXIT_FALLBACK, r.exitCode());
    assertEquals(List.of(SafeRuleset.compile(LAN)), nft.loaded);
    assertTrue(r.rejected().get(0).reason().endsWith("is empty"), r.rejected().toString());
    assertTrue(r.rejected().get(1).reason().endsWith("does not define table inet sekisho"), r.rejected().toString());
  }

  @Test
  void withNothingSavedTheGenericSafeRulesetIsLoaded() {
    BootRestore.Report r = restore();
    assertEquals(Optional.of(BootRestore.Source.GENERIC_SAFE), r.loaded());
    assertEquals(BootRestore.EXIT_FALLBACK, r.exitCode());
    assertEquals(List.of(SafeRuleset.compile(SafeRuleset.Management.UNKNOWN)), nft.loaded);
    assertEquals(3, r.rejected().size());
    assertTrue(r.lines().get(3).startsWith("FALLBACK: loaded the generic safe ruleset"), r.lines().toString());
  }

  @Test
  void aBrokenManagementFileGivesTheGenericVariant() throws IOException {
    save(RulesetFile.MANAGEMENT, "lan=lan0\nadmin-port=99999\nssh-from-lan=true\n");
    BootRestore.Report r = restore();
    assertEquals(Optional.of(BootRestore.Source.GENERIC_SAFE), r.loaded());
    assertTrue(r.rejected().get(2).reason().contains("out of range"), r.rejected().toString());
  }

  @Test
  void theGenericVariantKeepsASavedPortWhenTheLanIsUnknown() throws IOException {
    new RulesetFile(dir).writeManagement(new SafeRuleset.Management(List.of(), 8443, false));
    BootRestore.Report r = restore();
    assertEquals(Optional.of(BootRestore.Source.GENERIC_SAFE), r.loaded());
    assertEquals(List.of(SafeRuleset.compile(new SafeRuleset.Management(List.of(), 8443, false))), nft.loaded);
  }

  @Test
  void aRulesetThatLoadsButLeavesForwardingOpenIsNotKept() throws IOException {
    save(RulesetFile.CURRENT, GOOD.replace("{\n}", "{\n# OPEN\n}"));
    new RulesetFile(dir).writeManagement(LAN);
    BootRestore.Report r = restore();
    assertEquals(Optional.of(BootRestore.Source.SAFE), r.loaded());
    assertTrue(r.rejected().get(0).reason().contains("policy drop"), r.rejected().toString());
    assertEquals(SafeRuleset.compile(LAN), nft.loaded.get(nft.loaded.size() - 1), "the safe one replaced it");
  }

  @Test
  void withoutAWorkingNftNothingIsLoadedAndTheExitCodeSaysSo() throws IOException {
    new RulesetFile(dir).write(GOOD);
    nft.missing = true;
    BootRestore.Report r = restore();
    assertEquals(Optional.empty(), r.loaded());
    assertEquals(BootRestore.EXIT_NOTHING_LOADED, r.exitCode());
    assertEquals(4, r.rejected().size());
    assertTrue(r.lines().get(4).startsWith("NOTHING LOADED"), r.lines().toString());
  }
}
