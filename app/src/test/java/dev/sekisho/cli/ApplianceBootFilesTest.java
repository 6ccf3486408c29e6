package dev.sekisho.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.ApplyOutcome;
import dev.sekisho.apply.ManualTimer;
import dev.sekisho.apply.Nft;
import dev.sekisho.apply.RulesetFile;
import dev.sekisho.config.Config;
import dev.sekisho.lab.LabSeed;
import dev.sekisho.ruleset.RulesetCompiler;
import dev.sekisho.ruleset.SafeRuleset;
import dev.sekisho.web.auth.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A confirmed apply leaves the files {@code restore-boot} needs; failing to write them never undoes the apply. */
class ApplianceBootFilesTest {
  private static final Nft ACCEPTING = (args, stdin) -> new Nft.NftResult(0, "", "");

  @TempDir
  Path data;

  private Appliance open() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-25T09:00:00Z"));
    return Appliance.builder().dataDir(data).nft(ACCEPTING).clock(clock).environment(Map.of())
        .timer(new ManualTimer(clock)).bootstrap(LabSeed.base()).adminPassword("a-long-enough-password").open();
  }

  @Test
  void aConfirmedApplyIsSavedForTheNextBoot() throws Exception {
    Config older = LabSeed.base();
    Config newer = LabSeed.demo().withSettings(s -> s.withAdminPort(8443));
    try (Appliance app = open()) {
      assertTrue(app.safeApply().applyUnconfirmed(RulesetCompiler.tryCompile(older), "admin", null).ok());
      assertTrue(app.safeApply().applyUnconfirmed(RulesetCompiler.tryCompile(newer), "admin", null).ok());
    }
    RulesetFile files = new RulesetFile(data);
    assertEquals(Optional.of(RulesetCompiler.compile(newer).text()), files.current());
    assertEquals(Optional.of(RulesetCompiler.compile(older).text()), files.previous());
    assertEquals(Optional.of(new SafeRuleset.Management(List.of("lan0"), 8443, true)), files.management());
  }

  @Test
  void aFailureToSaveDoesNotUndoTheApply() throws Exception {
    // A directory where the file should be: it can be neither read nor replaced.
    Files.createDirectories(data.resolve(RulesetFile.CURRENT));
    try (Appliance app = open()) {
      ApplyOutcome o = app.safeApply().applyUnconfirmed(RulesetCompiler.tryCompile(LabSeed.demo()), "admin", null);
      assertTrue(o.ok(), o.problems()::toString);
      assertEquals(Optional.of(LabSeed.demo()), app.applied().current().map(s -> s.config()));
      assertTrue(app.safeApply().waiting().isEmpty());
    }
  }
}
