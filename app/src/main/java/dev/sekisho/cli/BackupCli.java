package dev.sekisho.cli;

import dev.sekisho.apply.ApplyOutcome;
import dev.sekisho.apply.Nft;
import dev.sekisho.apply.RollbackTimer;
import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.backup.BackupCodec;
import dev.sekisho.backup.BackupFormat;
import dev.sekisho.config.Config;
import dev.sekisho.config.Problem;
import dev.sekisho.diff.ConfigDiff;
import dev.sekisho.ruleset.RulesetCompiler;
import dev.sekisho.store.AdminStore;
import dev.sekisho.store.AuditStore;
import dev.sekisho.store.ConfigStore;
import dev.sekisho.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code sekisho backup} and {@code sekisho restore}: the same file format and the same checks as the panel,
 * without the web server. Both open the data directory themselves, so they refuse to run while a server
 * holds it. Passphrases come from a file or the environment, never from the command line, where every user
 * of the machine could read them in the process list.
 */
public final class BackupCli {
  /** The environment variable that may carry the passphrase. */
  public static final String PASSPHRASE_ENV = "SEKISHO_BACKUP_PASSPHRASE";
  private static final int MAX_PASSPHRASE_FILE = 4096;

  /** Help text, shown by {@code sekisho --help}. */
  public static final String USAGE = """
        sekisho backup  [--data DIR] [FILE|-] [--passphrase-file F]
                        write a backup of the configuration to FILE (mode 0600) or standard output; with a
                        passphrase (--passphrase-file or SEKISHO_BACKUP_PASSPHRASE) it is encrypted with
                        AES-256-GCM and also carries the admin password hash
        sekisho restore [--data DIR] FILE|- [--passphrase-file F] [--apply] [--with-password]
                        check a backup exactly as the panel does, show what changes and make it the draft
                        configuration; nothing changes if any check fails. --apply also loads it into the
                        kernel at once: the command line has no browser that could confirm the new rules,
                        so there is no automatic rollback; run it from a console the rules cannot cut.
                        --with-password also sets the admin password from an encrypted backup.
                        Both need the server stopped (they refuse while it holds the data directory).
      """;

  private BackupCli() {}

  /** {@code backup}: exit 0 when written, 1 when it could not be, 2 for a usage error. */
  public static int backup(Map<String, String> opts, Map<String, String> env, Clock clock, PrintStream out,
      PrintStream err) {
    if (opts.containsKey("passphrase")) {
      return usage(err, "--passphrase is not accepted (the process list would show it); use --passphrase-file F "
          + "or the environment variable " + PASSPHRASE_ENV);
    }
    Path dataDir = dataDir(opts, env);
    if (!Files.isDirectory(dataDir)) {
      err.println("backup: there is no Sekisho data directory at " + dataDir + " (use --data DIR)");
      return 1;
    }
    String passphrase;
    try {
      passphrase = passphrase(opts, env);
    } catch (IOException e) {
      err.println("backup: " + e.getMessage());
      return 1;
    }
    if (passphrase != null && BackupCodec.passphraseRefusal(passphrase) != null) {
      err.println("backup: " + BackupCodec.passphraseRefusal(passphrase));
      return 1;
    }
    byte[] bytes;
    Config config;
    try (Database db = Database.open(dataDir)) {
      config = new ConfigStore(db).load();
      String hash = new AdminStore(db).passwordHash().orElse(null);
      AuditStore audit = new AuditStore(db);
      audit.record(new AuditEvent(clock.instant(), "cli", "local", AuditKind.BACKUP_EXPORT, AuditEvent.OK,
          passphrase == null ? "plain" : "encrypted"));
      bytes = passphrase == null ? BackupCodec.write(config, audit.all(), clock.instant())
          : BackupCodec.writeEncrypted(config, hash, passphrase, clock.instant());
    } catch (IllegalStateException e) {
      return inUse(err, "backup", e);
    }
    String file = opts.get("");
    String what = (passphrase == null ? "plain backup (no secrets)" : "encrypted backup (with the admin password hash)")
        + " of " + config.interfaces().size() + " interfaces, " + config.hosts().size() + " hosts and "
        + config.rules().size() + " rules";
    if (file == null || file.equals("-")) {
      out.write(bytes, 0, bytes.length);
      out.flush();
      err.println("backup: " + what + " written to standard output");
      return 0;
    }
    try {
      Path target = Path.of(file);
      if (!Files.exists(target)) {
        // The backup shows the whole network layout (and, encrypted, the password hash): root only.
        Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.write(target, bytes, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    } catch (IOException | UnsupportedOperationException e) {
      err.println("backup: cannot write " + file + ": " + e.getMessage());
      return 1;
    }
    err.println("backup: " + what + " written to " + file);
    return 0;
  }

  /** {@code restore}: exit 0 when restored, 1 when the backup was refused (nothing changed), 2 for usage. */
  public static int restore(Map<String, String> opts, Map<String, String> env, Clock clock, Nft nft,
      InputStream stdin, PrintStream out, PrintStream err) {
    if (opts.containsKey("passphrase")) {
      return usage(err, "--passphrase is not accepted (the process list would show it); use --passphrase-file F "
          + "or the environment variable " + PASSPHRASE_ENV);
    }
    String file = opts.get("");
    if (file == null) {
      return usage(err, "restore needs a backup file (or - for standard input)");
    }
    byte[] bytes;
    String passphrase;
    try {
      bytes = file.equals("-") ? readLimited(stdin) : readLimited(Path.of(file));
      passphrase = passphrase(opts, env);
    } catch (IOException e) {
      err.println("restore: " + e.getMessage());
      return 1;
    }
    BackupCodec.Read read = BackupCodec.read(bytes, passphrase);
    if (!read.ok()) {
      return refused(err, read.problems());
    }
    BackupCodec.Backup backup = read.backup();
    boolean withPassword = opts.containsKey("with-password");
    if (withPassword && backup.adminPasswordHash() == null) {
      return refused(err, List.of(new Problem("content.secrets", "--with-password was given, but the backup "
          + "carries no admin password (only encrypted backups do)")));
    }
    Appliance app;
    try {
      // No admin password and no bootstrap: a restore only replaces the draft (and, if asked, the password).
      app = Appliance.builder().dataDir(dataDir(opts, env)).nft(nft).clock(clock).environment(env)
          .timer(RollbackTimer.daemon()).open();
    } catch (IllegalStateException e) {
      return inUse(err, "restore", e);
    }
    try {
      Config before = app.configs().load();
      out.println("Backup made " + backup.createdAt() + " by Sekisho " + backup.sekishoVersion() + ", format version "
          + backup.formatVersion() + (backup.formatVersion() < BackupFormat.CURRENT_VERSION
              ? " (migrated to " + BackupFormat.CURRENT_VERSION + ")" : "")
          + (backup.encrypted() ? ", encrypted" : "") + ": all checks passed.");
      List<String> changes = ConfigDiff.between(before, backup.config()).stream().map(ConfigDiff.Change::text)
          .toList();
      out.println(changes.isEmpty() ? "The draft configuration is already the same." : "Changes to the draft:");
      changes.forEach(c -> out.println("  " + c));
      if (opts.containsKey("apply")) {
        ApplyOutcome o = app.safeApply().applyUnconfirmed(RulesetCompiler.tryCompile(backup.config(),
            dev.sekisho.apply.KernelTime.basis(java.time.Clock.systemDefaultZone())), "cli",
            "restored from the backup of " + backup.createdAt());
        if (!o.ok()) {
          return refused(err, o.problems());
        }
        out.println("Loaded into the kernel at " + o.appliedAt() + " (no confirmation, no automatic rollback).");
      }
      app.configs().save(backup.config());
      app.audit().record(new AuditEvent(clock.instant(), "cli", "local", AuditKind.RESTORE, AuditEvent.OK,
          "backup of " + backup.createdAt() + (opts.containsKey("apply") ? ", applied" : ", draft only")
          + (withPassword ? ", with its password" : "")));
      if (withPassword) {
        app.admins().setPasswordHash(backup.adminPasswordHash());
        out.println("The admin password is now the one from the backup.");
      }
      out.println(opts.containsKey("apply") ? "The draft is the restored configuration."
          : "The draft is the restored configuration. Nothing was loaded into the kernel: review and apply it in "
              + "the panel, or run restore again with --apply.");
      return 0;
    } finally {
      app.close();
    }
  }

  private static int refused(PrintStream err, List<Problem> problems) {
    err.println("restore: the backup was refused; nothing was changed:");
    problems.forEach(p -> err.println("  " + p));
    return 1;
  }

  private static int inUse(PrintStream err, String command, IllegalStateException e) {
    err.println(command + ": " + e.getMessage());
    err.println(command + ": stop the server first (systemctl stop sekisho), or use the panel's Backup page");
    return 1;
  }

  private static int usage(PrintStream err, String message) {
    err.println(message);
    err.print(USAGE);
    return 2;
  }

  private static Path dataDir(Map<String, String> opts, Map<String, String> env) {
    String d = opts.get("data");
    if (d == null || d.isBlank()) {
      d = env.get("SEKISHO_DATA");
    }
    return Path.of(d == null || d.isBlank() ? "/var/lib/sekisho" : d);
  }

  private static String passphrase(Map<String, String> opts, Map<String, String> env) throws IOException {
    String file = opts.get("passphrase-file");
    if (file != null) {
      Path p = Path.of(file);
      if (Files.size(p) > MAX_PASSPHRASE_FILE) {
        throw new IOException("the passphrase file " + file + " is larger than " + MAX_PASSPHRASE_FILE + " bytes");
      }
      String s = Files.readString(p, StandardCharsets.UTF_8);
      // One trailing line break is what editors and echo add; it is not part of the passphrase.
      s = s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
      if (s.isEmpty()) {
        throw new IOException("the passphrase file " + file + " is empty");
      }
      return s;
    }
    String e = env.get(PASSPHRASE_ENV);
    return e == null || e.isEmpty() ? null : e;
  }

  private static byte[] readLimited(Path p) throws IOException {
    if (!Files.isRegularFile(p)) {
      throw new IOException("no such file: " + p);
    }
    try (InputStream in = Files.newInputStream(p)) {
      return readLimited(in);
    }
  }

  private static byte[] readLimited(InputStream in) throws IOException {
    byte[] b = in.readNBytes(BackupFormat.MAX_BYTES + 1);
    if (b.length > BackupFormat.MAX_BYTES) {
      throw new IOException("the backup is larger than " + BackupFormat.MAX_BYTES + " bytes; nothing was changed");
    }
    return b;
  }
}
