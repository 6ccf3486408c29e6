package dev.sekisho.apply;

import dev.sekisho.ruleset.RulesetCompiler;
import dev.sekisho.ruleset.SafeRuleset;
import java.util.List;
import java.util.Optional;

/**
 * Makes sure a ruleset is in force before the panel accepts its first connection, so that a fresh box (or one
 * booted without {@code restore-boot}) never shows its setup and login pages to the WAN. When a confirmed
 * ruleset is recorded and Sekisho's table is in the kernel, it is left alone; otherwise the safe ruleset the
 * boot restore falls back to ({@link SafeRuleset}: the panel and SSH from the LAN only, nothing forwarded) is
 * checked and loaded through {@link NftLoad} like every ruleset. If even that cannot be loaded, the start
 * stops: a panel without a firewall in front of it is exactly what this guards against.
 */
public final class StartGuard {
  private StartGuard() {}

  /** Which ruleset is in force. */
  public enum InForce {
    /** The last applied ruleset, left as it was. */
    CONFIRMED,
    /** The safe ruleset, loaded just now. */
    SAFE
  }

  /**
   * What is in force, and a line for the console.
   *
   * @param inForce which ruleset
   * @param line in words, e.g. "the safe ruleset (nothing was applied yet): only the admin panel (TCP 8080)
   *     and SSH from LAN interface(s) eth1; nothing is forwarded"
   */
  public record Report(InForce inForce, String line) {}

  /**
   * Leaves the confirmed ruleset in force or loads the safe one.
   *
   * @param applied what was last applied, if anything
   * @param management the LAN interfaces and the port the panel is about to listen on
   * @throws IllegalStateException when the safe ruleset is needed and nft refuses it
   */
  public static Report ensure(Nft nft, Optional<AppliedState> applied, SafeRuleset.Management management) {
    String why;
    if (applied.isEmpty()) {
      why = "nothing was applied yet";
    } else if (tableInKernel(nft)) {
      return new Report(InForce.CONFIRMED, "the ruleset applied at " + applied.get().appliedAt()
          + " (table " + RulesetCompiler.TABLE + " is in the kernel)");
    } else {
      why = "the kernel has no table " + RulesetCompiler.TABLE + ", although a ruleset was applied at "
          + applied.get().appliedAt();
    }
    Optional<NftLoad.Refusal> refused = NftLoad.checkAndLoad(nft, SafeRuleset.compile(management));
    if (refused.isPresent()) {
      throw new IllegalStateException("the panel does not start without a firewall in front of it: " + why
          + ", and " + refused.get().step().command() + " refused the safe ruleset: " + refused.get().said());
    }
    String what = management.sshFromLan() ? "the admin panel (TCP " + management.adminPort() + ") and SSH"
        : "the admin panel (TCP " + management.adminPort() + ")";
    String from = management.knowsLan() ? "LAN interface(s) " + String.join(", ", management.lanInterfaces())
        : "private addresses (no LAN interface is configured)";
    return new Report(InForce.SAFE, "the safe ruleset (" + why + "): only " + what + " from " + from
        + "; nothing is forwarded");
  }

  private static boolean tableInKernel(Nft nft) {
    String[] table = RulesetCompiler.TABLE.split(" ");
    return nft.run(List.of("list", "table", table[0], table[1]), "").ok();
  }
}
