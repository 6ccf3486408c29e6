package dev.sekisho.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;

/**
 * Where the panel's certificate and key live: {@value #CERT} and {@value #KEY} in the data directory, both
 * mode 0600. Written to a temporary file first and renamed, so a reader never sees half a file.
 */
public final class TlsFiles {
  /** The certificate chain, PEM. */
  public static final String CERT = "tls-cert.pem";
  /** The private key, PEM (PKCS#8). */
  public static final String KEY = "tls-key.pem";

  private final Path dir;

  /** The files in {@code dataDir}. */
  public TlsFiles(Path dataDir) {
    this.dir = dataDir;
  }

  /** What {@link #loadOrCreate} found or made. */
  public record Loaded(TlsIdentity identity, boolean created) {}

  /**
   * The stored identity, or a new self-signed one for {@code names} when there is none yet (first start) or
   * the stored one is a self-signed certificate that expired. An admin's own certificate is never replaced.
   *
   * @throws IllegalStateException when the files exist but cannot be used (e.g. key and certificate differ)
   */
  public Loaded loadOrCreate(List<String> names, Instant now) throws IOException {
    Path cert = dir.resolve(CERT);
    Path key = dir.resolve(KEY);
    if (Files.exists(cert) || Files.exists(key)) {
      TlsIdentity stored;
      try {
        stored = TlsIdentity.parse(read(cert), read(key));
      } catch (TlsIdentity.Invalid e) {
        throw new IllegalStateException("the panel's TLS files in " + dir + " cannot be used (" + e.field() + ": "
            + e.getMessage() + "); install a certificate with 'sekisho tls-import', or delete " + CERT + " and "
            + KEY + " to generate a new self-signed one", e);
      }
      boolean expired = now.isAfter(stored.certificate().getNotAfter().toInstant());
      if (!(expired && stored.selfSigned())) {
        return new Loaded(stored, false);
      }
    }
    TlsIdentity fresh = TlsIdentity.selfSigned(names, now);
    store(fresh);
    return new Loaded(fresh, true);
  }

  private static String read(Path p) throws IOException {
    return Files.exists(p) ? Files.readString(p, StandardCharsets.US_ASCII) : "";
  }

  /** Writes {@code identity} over the stored one (key first: a crash between leaves a refused pair, not a leak). */
  public void store(TlsIdentity identity) throws IOException {
    Files.createDirectories(dir);
    write(dir.resolve(KEY), identity.keyPem());
    write(dir.resolve(CERT), identity.certificatePem());
  }

  private static void write(Path target, String text) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, text, StandardCharsets.US_ASCII);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
