package dev.sekisho.web;

import dev.sekisho.apply.ProcessNft;
import dev.sekisho.apply.SafeApply;
import dev.sekisho.cli.Appliance;
import dev.sekisho.cli.TestAppliances;
import dev.sekisho.config.Config;
import dev.sekisho.ruleset.RulesetCompiler;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Sekisho process that starts an apply and then waits to be killed: run by {@link CrashDuringApplyLabTest}
 * inside the lab gateway's namespace ({@code ip netns exec}), so its nft calls reach that namespace only.
 * Arguments: the data directory. Prints {@code PENDING} once the new ruleset is in the kernel.
 */
public final class PendingApplyChild {
  private PendingApplyChild() {}

  public static void main(String[] args) throws Exception {
    Appliance app = TestAppliances.realTime().dataDir(Path.of(args[0])).nft(ProcessNft.local()).open();
    Config next = app.configs().load()
        .withRule(SafeApplyLabTest.web(1, dev.sekisho.lab.LabSeed.TABLET, "applied by the process that dies"));
    SafeApply.Started s = app.safeApply().start(RulesetCompiler.tryCompile(next), "admin", "crash test",
        Duration.ofSeconds(120));
    if (!s.ok()) {
      System.out.println("FAILED " + s.problems());
      System.exit(2);
    }
    System.out.println("PENDING " + s.deadline());
    System.out.flush();
    // Bounded: the test kills this process long before; if it does not, leave on our own.
    Thread.sleep(Duration.ofSeconds(100).toMillis());
    System.exit(3);
  }
}
