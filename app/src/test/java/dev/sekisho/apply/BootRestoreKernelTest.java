package dev.sekisho.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.cli.Appliance;
import dev.sekisho.config.Config;
import dev.sekisho.lab.ExecResult;
import dev.sekisho.lab.KernelTest;
import dev.sekisho.lab.KernelTests;
import dev.sekisho.lab.LabExtension;
import dev.sekisho.lab.LabSeed;
import dev.sekisho.lab.Netns;
import dev.sekisho.lab.NetnsSupport;
import dev.sekisho.ruleset.RulesetCompiler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code restore-boot} against the real kernel, each time in a fresh namespace standing in for a gateway that
 * just booted, and mostly as a real child process ({@code ip netns exec NS java … Main restore-boot}) so that
 * the command line, its exit status and its messages are tested too.
 */
@KernelTest
class BootRestoreKernelTest {
  private static final Duration NFT = Duration.ofSeconds(30);
  private static final Duration JVM = Duration.ofSeconds(90);
  private static String prefix;

  @TempDir
  Path data;

  @BeforeAll
  static void kernel() {
    prefix = NetnsSupport.newPrefix();
  }

  @AfterAll
  static void noneLeft() {
    if (prefix != null) {
      KernelTests.assertNoNamespacesWithPrefix(prefix);
    }
  }

  private static Netns fresh(String role) {
    return Netns.create(prefix + role);
  }

  /** {@code nft list table inet sekisho} in the namespace, or the failure. */
  private static String table(Netns ns) {
    ExecResult r = ns.exec(NFT, "nft", "list", "table", "inet", "sekisho");
    return r.ok() ? r.stdout() : "(no table: " + r.describe() + ")";
  }

  /** Runs {@code Main restore-boot --data DIR} in its own JVM inside the namespace, with extra leading args. */
  private ExecResult restoreBootProcess(Netns ns, String... before) {
    List<String> cmd = new ArrayList<>(List.of(before));
    cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.sekisho.cli.Main", "restore-boot", "--data", data.toString()));
    return ns.exec(JVM, cmd.toArray(String[]::new));
  }

  @Test
  void stoppingSekishoKeepsTheTableAndRestoreBootBringsItBackAfterAReboot() throws Exception {
    Config config = LabSeed.demo();
    String before;
    try (Netns gateway = fresh("stop")) {
      Appliance app = LabExtension.openAppliance(data, ProcessNft.inNamespace(gateway.name()), config,
          "a-long-enough-password", "127.0.0.1", 0, null);
      try {
        ApplyOutcome o = app.safeApply().applyUnconfirmed(RulesetCompiler.tryCompile(config), "admin", "boot test");
        assertTrue(o.ok(), () -> o.problems().toString());
      } finally {
        app.close();
      }
      before = table(gateway);
      assertTrue(before.contains("chain fwd_lan"), before);
      assertEquals(Optional.of(RulesetCompiler.compile(config).text()), new RulesetFile(data).current(),
          "the confirmed ruleset was saved for the next boot");
      Thread.sleep(300);
      assertEquals(before, table(gateway), "stopping Sekisho never flushes its table");
    }
    try (Netns rebooted = fresh("boot")) {
      assertTrue(table(rebooted).startsWith("(no table"), "a fresh namespace starts without the table");
      ExecResult r = restoreBootProcess(rebooted);
      assertEquals(BootRestore.EXIT_CONFIRMED, r.exitCode(), r::describe);
      assertTrue(r.stderr().contains("loaded the last confirmed ruleset"), r::describe);
      assertEquals(before, table(rebooted), "the same table as before the reboot");
    }
  }

  @Test
  void aTornCurrentFileFallsBackToThePreviouslyConfirmedRuleset() throws Exception {
    Config older = LabSeed.base();
    Config newer = LabSeed.demo();
    RulesetFile files = new RulesetFile(data);
    files.persist(new AppliedState(Instant.EPOCH, older, RulesetCompiler.compile(older).text()));
    files.persist(new AppliedState(Instant.EPOCH, newer, RulesetCompiler.compile(newer).text()));
    // As if the disk had kept only half of the newest file.
    String text = files.current().orElseThrow();
    Files.writeString(files.path(RulesetFile.CURRENT), text.substring(0, text.length() / 2), StandardCharsets.UTF_8);
    try (Netns ns = fresh("torn")) {
      ExecResult r = restoreBootProcess(ns);
      assertEquals(BootRestore.EXIT_FALLBACK, r.exitCode(), r::describe);
      assertTrue(r.stderr().contains("rejected the last confirmed ruleset: nft -c refused it"), r::describe);
      assertTrue(r.stderr().contains("loaded the previously confirmed ruleset"), r::describe);
      String restored = table(ns);
      ns.execWithInput(RulesetCompiler.compile(older).text(), NFT, "nft", "-f", "-").requireOk();
      assertEquals(table(ns), restored, "what is in force is exactly the previously confirmed ruleset");
    }
  }

  @Test
  void inProcessTheLastConfirmedRulesetIsLoadedOverAnExistingTable() throws Exception {
    Config config = LabSeed.demo();
    new RulesetFile(data).persist(new AppliedState(Instant.EPOCH, config, RulesetCompiler.compile(config).text()));
    try (Netns ns = fresh("inproc")) {
      ns.execWithInput(RulesetCompiler.compile(LabSeed.base()).text(), NFT, "nft", "-f", "-").requireOk();
      BootRestore.Report r = new BootRestore(ProcessNft.inNamespace(ns.name()), new RulesetFile(data)).run();
      assertEquals(Optional.of(BootRestore.Source.CONFIRMED), r.loaded(), r.lines()::toString);
      assertTrue(table(ns).contains("the printer may not reach the internet"), "the demo rule is in force");
    }
  }

  @Test
  void withoutNftNothingIsLoadedAndTheExitStatusSaysSo() throws Exception {
    Config config = LabSeed.demo();
    new RulesetFile(data).persist(new AppliedState(Instant.EPOCH, config, RulesetCompiler.compile(config).text()));
    try (Netns ns = fresh("nonft")) {
      ExecResult r = restoreBootProcess(ns, "env", "PATH=/nonexistent");
      assertEquals(BootRestore.EXIT_NOTHING_LOADED, r.exitCode(), r::describe);
      assertTrue(r.stderr().contains("NOTHING LOADED"), r::describe);
      ExecResult tables = ns.exec(NFT, "nft", "list", "tables");
      assertEquals("", tables.requireOk().stdout().strip());
    }
  }
}
