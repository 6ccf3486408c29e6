package dev.sekisho.web;

import dev.sekisho.apply.ProcessNft;
import dev.sekisho.apply.SafeApply;
import dev.sekisho.cli.Appliance;
import dev.sekisho.config.Config;
import dev.sekisho.lab.LabExtension;
import dev.sekisho.ruleset.RulesetCompiler;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Sekisho process that starts an apply and then waits to be killed: run by {@link CrashDuringApplyKernelTest}
 * inside the lab gateway's namespace ({@code ip netns exec}), so its nft calls reach that namespace only.
 * Arguments: the data directory. Prints {@code PENDING} once the new ruleset is in the kernel.
 */
public final class PendingApplyChild {
  private PendingApplyChild() {}

  public static void main(String[] args) throws Exception {
    Appliance app = LabExtension.openAppliance(Path.of(args[0]), ProcessNft.local(), null, null, "127.0.0.1", 0,
        null);
    Config next = app.configs().load()
        .withRule(SafeApplyKernelTest.web(1, dev.sekisho.lab.LabSeed.TABLET, "applied by the process that dies"));
    SafeApply.Started s = app.safeApply().start(RulesetCompiler.tryCompile(next), "admin", "crash test", Duration.ofSeconds(120));
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
