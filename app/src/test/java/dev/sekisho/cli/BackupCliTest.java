package dev.sekisho.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sekisho.apply.AppliedState;
import dev.sekisho.apply.Nft;
import dev.sekisho.backup.BackupCodec;
import dev.sekisho.backup.BackupCodecTest;
import dev.sekisho.config.TestConfigs;
import dev.sekisho.config.Config;
import dev.sekisho.store.AdminStore;
import dev.sekisho.store.AppliedStore;
import dev.sekisho.store.ConfigStore;
import dev.sekisho.store.Database;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sekisho backup} and {@code restore} on a data directory, with no web server anywhere. */
class BackupCliTest {
  private static final Clock CLOCK = Clock.systemUTC();
  @TempDir Path tmp;
  private final List<List<String>> nftCalls = new ArrayList<>();
  private final Nft nft = (args, stdin) -> {
    nftCalls.add(List.copyOf(args));
    return new Nft.NftResult(0, "", "");
  };
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void backupThenRestoreIntoAnEmptyApplianceThenBackupGivesTheSameConfig() throws IOException {
    Path a = seeded("a", TestConfigs.inBackupFixtures());
    Path file = tmp.resolve("a.json");
    assertEquals(0, BackupCli.backup(opts("data", a, "", file), Map.of(), CLOCK, ps(out), ps(err)), text(err));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    Path b = tmp.resolve("b");
    assertEquals(0, restore(opts("data", b, "", file), Map.of()), text(err));
    assertTrue(text(out).contains("all checks passed"), text(out));
    assertTrue(text(out).contains("Rule #9 (DNS only via the gateway) added: reject tcp+udp port 53 from nas (#1) to 203.0.113.7"), text(out));
    assertTrue(nftCalls.isEmpty(), "without --apply the kernel is not touched");

    Path again = tmp.resolve("b.json");
    assertEquals(0, BackupCli.backup(opts("data", b, "", again), Map.of(), CLOCK, ps(out), ps(err)));
    ObjectMapper json = new ObjectMapper();
    // The configuration comes back byte for byte; each appliance's audit log is its own (a restore never
    // imports the backup's), so b's log holds its restore and its export, and nothing of a's.
    assertEquals(json.readTree(file.toFile()).get("content").get("config"),
        json.readTree(again.toFile()).get("content").get("config"));
    assertEquals("[backup_export]", kinds(json.readTree(file.toFile())));
    assertEquals("[restore, backup_export]", kinds(json.readTree(again.toFile())));
    try (Database db = Database.open(b)) {
      assertEquals(TestConfigs.inBackupFixtures(), new ConfigStore(db).load());
      assertTrue(new AppliedStore(db).current().isEmpty());
    }
  }

  private static String kinds(JsonNode backup) {
    List<String> out = new ArrayList<>();
    backup.get("content").get("auditLog").forEach(e -> out.add(e.get("kind").asText()));
    return out.toString();
  }

  @Test
  void encryptedBackupWithPassphraseFileRestoresThePasswordOnlyWhenAsked() throws IOException {
    Path a = seeded("a", TestConfigs.inBackupFixtures());
    try (Database db = Database.open(a)) {
      new AdminStore(db).setPasswordHash(BackupCodecTest.HASH);
    }
    Path pf = tmp.resolve("pass");
    Files.writeString(pf, BackupCodecTest.PASS + "\n");
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    assertEquals(0, BackupCli.backup(opts("data", a, "passphrase-file", pf), Map.of(), CLOCK, ps(stdout), ps(err)),
        text(err));
    assertTrue(text(err).contains("encrypted backup"), text(err));
    byte[] file = stdout.toByteArray();

    Path b = tmp.resolve("b");
    Map<String, String> o = opts("data", b, "", "-");
    o.put("with-password", "true");
    assertEquals(1, restoreFrom(file, o, Map.of()), "no passphrase given");
    assertTrue(text(err).contains("passphrase: this backup is encrypted"), text(err));
    assertEquals(0, restoreFrom(file, o, Map.of(BackupCli.PASSPHRASE_ENV, BackupCodecTest.PASS)), text(err));
    try (Database db = Database.open(b)) {
      assertEquals(Optional.of(BackupCodecTest.HASH), new AdminStore(db).passwordHash());
    }
  }

  @Test
  void applyLoadsTheRulesetThroughTheApplier() throws IOException {
    Path file = tmp.resolve("x.json");
    Files.write(file, BackupCodec.write(TestConfigs.inBackupFixtures(), BackupCodecTest.AT));
    Path b = tmp.resolve("b");
    Map<String, String> o = opts("data", b, "", file);
    o.put("apply", "true");
    assertEquals(0, restore(o, Map.of()), text(err));
    assertEquals(List.of(List.of("-c", "-f", "-"), List.of("-f", "-")), nftCalls);
    try (Database db = Database.open(b)) {
      assertEquals(TestConfigs.inBackupFixtures(), new AppliedStore(db).current().orElseThrow().config());
      assertEquals(TestConfigs.inBackupFixtures(), new ConfigStore(db).load());
    }
  }

  @Test
  void hostileBackupsChangeNothing() throws IOException {
    Path b = seeded("b", BackupCodecTest.lan());
    Snapshot before = snapshot(b);
    Map<String, byte[]> hostile = new HashMap<>();
    byte[] good = BackupCodec.write(TestConfigs.inBackupFixtures(), BackupCodecTest.AT);
    hostile.put("truncated", java.util.Arrays.copyOf(good, good.length - 10));
    hostile.put("flush ruleset comment", BackupCodecTest.plainRule(0, r -> r.put("comment", "\"; flush ruleset")));
    hostile.put("missing host", BackupCodecTest.plainRule(0, r -> r.put("source", 99)));
    hostile.put("future", BackupCodecTest.edit(r -> r.put("formatVersion", 99)));
    hostile.put("50 MB", new byte[50 * 1024 * 1024]);
    for (Map.Entry<String, byte[]> h : hostile.entrySet()) {
      Path f = tmp.resolve("hostile.json");
      Files.write(f, h.getValue());
      Map<String, String> o = opts("data", b, "", f);
      o.put("apply", "true");
      assertEquals(1, restore(o, Map.of()), h.getKey());
      assertTrue(text(err).contains("nothing was changed"), h.getKey() + ": " + text(err));
      assertEquals(before, snapshot(b), h.getKey());
    }
    assertTrue(nftCalls.isEmpty());
  }

  @Test
  void passphrasesOnTheCommandLineAreRefused() {
    assertEquals(2, BackupCli.backup(opts("data", tmp, "passphrase", "secret secret"), Map.of(), CLOCK, ps(out),
        ps(err)));
    assertTrue(text(err).contains("process list"), text(err));
    assertEquals(2, restore(opts("data", tmp, "passphrase", "secret secret"), Map.of()));
  }

  @Test
  @SuppressWarnings("try") // the open database plays the running server; it is only held, never used
  void refusesClearlyWhileTheDataDirectoryIsInUse() throws IOException {
    Path a = seeded("a", TestConfigs.inBackupFixtures());
    Path file = tmp.resolve("x.json");
    Files.write(file, BackupCodec.write(TestConfigs.inBackupFixtures(), BackupCodecTest.AT));
    try (Database running = Database.open(a)) {
      assertEquals(1, BackupCli.backup(opts("data", a, "", tmp.resolve("y.json")), Map.of(), CLOCK, ps(out),
          ps(err)));
      assertTrue(text(err).contains("already open") && text(err).contains("stop the server first"), text(err));
      assertEquals(1, restore(opts("data", a, "", file), Map.of()));
      assertTrue(text(err).contains("stop the server first"), text(err));
    }
  }

  @Test
  @SuppressWarnings("try") // the open database plays the running server; it is only held, never used
  void mainAsAChildProcessBacksUpToStdoutAndRefusesWhileAnotherProcessHoldsTheDatabase() throws Exception {
    Path a = seeded("a", TestConfigs.inBackupFixtures());
    Process p = child("backup", "--data", a.toString());
    byte[] stdout = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    BackupCodec.Read read = BackupCodec.read(stdout, null);
    assertTrue(read.ok(), read.problems().toString());
    assertEquals(TestConfigs.inBackupFixtures(), read.backup().config());

    Path file = tmp.resolve("x.json");
    Files.write(file, stdout);
    try (Database running = Database.open(a)) {
      Process q = child("restore", "--data", a.toString(), file.toString());
      String stderr = new String(q.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(q.waitFor(60, TimeUnit.SECONDS));
      assertEquals(1, q.exitValue(), stderr);
      assertTrue(stderr.contains("in use by another process"), stderr);
    }
  }

  // ---- helpers ----

  private Process child(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.sekisho.cli.Main"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
  }

  record Snapshot(Config config, Optional<AppliedState> applied, Optional<String> hash) {}

  private static Snapshot snapshot(Path dir) {
    try (Database db = Database.open(dir)) {
      return new Snapshot(new ConfigStore(db).load(), new AppliedStore(db).current(),
          new AdminStore(db).passwordHash());
    }
  }

  private Path seeded(String name, Config c) {
    Path dir = tmp.resolve(name);
    try (Database db = Database.open(dir)) {
      new ConfigStore(db).save(c);
    }
    return dir;
  }

  private int restore(Map<String, String> opts, Map<String, String> env) {
    err.reset();
    return BackupCli.restore(opts, env, CLOCK, nft, new ByteArrayInputStream(new byte[0]), ps(out), ps(err));
  }

  private int restoreFrom(byte[] stdin, Map<String, String> opts, Map<String, String> env) {
    err.reset();
    return BackupCli.restore(opts, env, CLOCK, nft, new ByteArrayInputStream(stdin), ps(out), ps(err));
  }

  private static Map<String, String> opts(Object... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1].toString());
    }
    return m;
  }

  private static PrintStream ps(ByteArrayOutputStream b) {
    return new PrintStream(b, true, StandardCharsets.UTF_8);
  }

  private static String text(ByteArrayOutputStream b) {
    return b.toString(StandardCharsets.UTF_8);
  }
}
