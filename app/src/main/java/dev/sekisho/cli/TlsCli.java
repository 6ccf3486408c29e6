package dev.sekisho.cli;

import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.crypto.TlsFiles;
import dev.sekisho.store.AuditStore;
import dev.sekisho.crypto.TlsIdentity;
import dev.sekisho.store.Database;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code sekisho tls-import}: installs the admin's own certificate and key for the panel with the same checks
 * as the panel's certificate page. It holds the database while it writes, so it refuses while a server runs
 * (the panel's page installs at once instead) and no server starts half-way through.
 */
public final class TlsCli {
  /** Help text, shown by {@code sekisho --help}. */
  public static final String USAGE = """
        sekisho tls-import [--data DIR] --cert FILE --key FILE
                        install your own certificate (PEM, intermediates after it) and unencrypted key for the
                        panel; refused unless the key belongs to the certificate, it is valid now and names a
                        host. Needs the server stopped; it takes effect at the next start. (While the server
                        runs, use the panel: Settings, HTTPS certificate, which takes effect at once.)
      """;
  private static final long MAX_PEM = 256 * 1024;

  private TlsCli() {}

  /** Exit 0 when installed, 1 when refused or not possible, 2 for a usage error. */
  public static int importPair(Map<String, String> opts, Map<String, String> env, Clock clock, PrintStream out,
      PrintStream err) {
    String cert = opts.get("cert");
    String key = opts.get("key");
    if (cert == null || key == null) {
      err.println("tls-import needs --cert FILE and --key FILE");
      err.print(USAGE);
      return 2;
    }
    Path dataDir = dataDir(opts, env);
    if (!Files.isDirectory(dataDir)) {
      err.println("tls-import: there is no Sekisho data directory at " + dataDir + " (use --data DIR)");
      return 1;
    }
    TlsIdentity id;
    try {
      id = TlsIdentity.parse(read(Path.of(cert)), read(Path.of(key)));
    } catch (IOException e) {
      err.println("tls-import: cannot read " + e.getMessage());
      return 1;
    } catch (TlsIdentity.Invalid e) {
      err.println("tls-import: " + (e.field().equals("key") ? key : cert) + ": " + e.getMessage()
          + "; nothing was changed");
      return 1;
    }
    List<String> problems = id.problems(clock.instant());
    if (!problems.isEmpty()) {
      err.println("tls-import: " + cert + ": " + String.join("; ", problems) + "; nothing was changed");
      return 1;
    }
    // Holding the database keeps a server from starting (or proves none runs) while the files change.
    Database held;
    try {
      held = Database.open(dataDir);
    } catch (IllegalStateException e) {
      err.println("tls-import: " + e.getMessage());
      err.println("tls-import: stop the server first (systemctl stop sekisho), or use the panel's Settings page");
      return 1;
    }
    try {
      new TlsFiles(dataDir).store(id);
      // As the panel's upload is audited; the command line records as user "cli".
      new AuditStore(held).record(new AuditEvent(clock.instant(), "cli", "local", AuditKind.CERTIFICATE_UPLOAD,
          AuditEvent.OK, "certificate installed for " + String.join(", ", id.names()) + ", SHA-256 "
          + id.fingerprint()));
    } catch (IOException e) {
      err.println("tls-import: cannot write the certificate into " + dataDir + ": " + e.getMessage());
      return 1;
    } finally {
      held.close();
    }
    out.println("Installed the certificate for " + String.join(", ", id.names()) + ".");
    out.println("SHA-256 fingerprint: " + id.fingerprint());
    out.println("It takes effect when the server starts.");
    return 0;
  }

  private static String read(Path p) throws IOException {
    if (Files.size(p) > MAX_PEM) {
      throw new IOException(p + ": larger than " + MAX_PEM + " bytes");
    }
    return Files.readString(p, StandardCharsets.ISO_8859_1);
  }

  private static Path dataDir(Map<String, String> opts, Map<String, String> env) {
    String d = opts.get("data");
    if (d == null || d.isBlank()) {
      d = env.get("SEKISHO_DATA");
    }
    return Path.of(d == null || d.isBlank() ? "/var/lib/sekisho" : d);
  }
}
