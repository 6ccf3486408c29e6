package dev.sekisho.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Config;
import dev.sekisho.ruleset.SafeRuleset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What is in force before the panel listens, decided against a scripted nft. */
class StartGuardTest {
  private static final SafeRuleset.Management LAN = new SafeRuleset.Management(List.of("eth1"), 8080, true);
  private static final AppliedState APPLIED = new AppliedState(Instant.EPOCH, Config.empty(), "table inet sekisho {}");

  /** Answers "no such table" to a listing when {@code tablePresent} is false, success otherwise. */
  private static final class ScriptedNft implements Nft {
    final List<List<String>> calls = new ArrayList<>();
    final List<String> loaded = new ArrayList<>();
    boolean tablePresent;
    boolean refuseCheck;

    @Override
    public NftResult run(List<String> args, String stdin) {
      calls.add(args);
      if (args.get(0).equals("list")) {
        return tablePresent ? new NftResult(0, "table inet sekisho {}", "") : new NftResult(1, "", "No such file");
      }
      if (args.contains("-c")) {
        return refuseCheck ? new NftResult(1, "", "Error: no") : new NftResult(0, "", "");
      }
      loaded.add(stdin);
      return new NftResult(0, "", "");
    }
  }

  @Test
  void aFreshBoxGetsTheSafeRulesetCheckedThenLoaded() {
    ScriptedNft nft = new ScriptedNft();
    StartGuard.Report r = StartGuard.ensure(nft, Optional.empty(), LAN);
    assertEquals(StartGuard.InForce.SAFE, r.inForce());
    assertEquals(List.of(NftLoad.CHECK, NftLoad.LOAD), nft.calls, "no listing needed, check before load");
    assertEquals(List.of(SafeRuleset.compile(LAN)), nft.loaded);
    assertTrue(r.line().contains("nothing was applied yet") && r.line().contains("TCP 8080")
        && r.line().contains("eth1"), r.line());
  }

  @Test
  void aConfirmedRulesetInTheKernelIsLeftAlone() {
    ScriptedNft nft = new ScriptedNft();
    nft.tablePresent = true;
    StartGuard.Report r = StartGuard.ensure(nft, Optional.of(APPLIED), LAN);
    assertEquals(StartGuard.InForce.CONFIRMED, r.inForce());
    assertEquals(1, nft.calls.size(), "only the listing: " + nft.calls);
    assertTrue(nft.loaded.isEmpty());
  }

  @Test
  void aRecordedApplyWhoseTableIsGoneFromTheKernelGetsTheSafeRuleset() {
    ScriptedNft nft = new ScriptedNft();
    StartGuard.Report r = StartGuard.ensure(nft, Optional.of(APPLIED), LAN);
    assertEquals(StartGuard.InForce.SAFE, r.inForce());
    assertEquals(List.of(SafeRuleset.compile(LAN)), nft.loaded);
    assertTrue(r.line().contains("the kernel has no table"), r.line());
  }

  @Test
  void aRefusedSafeRulesetStopsTheStart() {
    ScriptedNft nft = new ScriptedNft();
    nft.refuseCheck = true;
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> StartGuard.ensure(nft, Optional.empty(), LAN));
    assertTrue(e.getMessage().contains("nft -c refused the safe ruleset: Error: no"), e.getMessage());
    assertTrue(nft.loaded.isEmpty(), "nothing loaded after a failed check");
  }
}
