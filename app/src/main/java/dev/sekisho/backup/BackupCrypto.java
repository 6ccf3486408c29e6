package dev.sekisho.backup;

import dev.sekisho.config.StrictJson;
import dev.sekisho.crypto.HashingPermits;
import dev.sekisho.crypto.PasswordHasher;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Passphrase encryption of a backup: a 256-bit key from Argon2id (or PBKDF2-HMAC-SHA256 with at least
 * {@value #PBKDF2_MIN_ITERATIONS} iterations, read but not written) and AES-256-GCM. The key derivation's
 * parameters come from the file, so they are bounded before any work is done: a hostile header must not
 * make a restore allocate gigabytes or spin for minutes. The memory bound is what Sekisho writes itself
 * ({@link HashingPermits#MAX_MEMORY_KIB}): the service runs with {@code -Xmx256m}, and a file asking for
 * 256 MiB would otherwise end in an OutOfMemoryError before its tag is even checked. Derivation runs under
 * the process's {@link HashingPermits}, shared with the login.
 */
public final class BackupCrypto {
  /** The version of the {@code encryption} header written and understood. */
  public static final int SCHEME = 1;
  /** The cipher name in the header. */
  public static final String CIPHER = "AES-256-GCM";
  /** Key derivation names in the header. */
  public static final String ARGON2ID = "argon2id";
  /** PBKDF2 with HMAC-SHA256. */
  public static final String PBKDF2 = "pbkdf2-hmac-sha256";
  /** The shortest passphrase accepted for a new encrypted backup (the same as for the admin password). */
  public static final int MIN_PASSPHRASE_LENGTH = 12;

  static final int PBKDF2_MIN_ITERATIONS = 600_000;
  static final int PBKDF2_MAX_ITERATIONS = 10_000_000;
  static final int ARGON2_MIN_MEMORY_KIB = 8 * 1024;
  static final int ARGON2_MAX_MEMORY_KIB = HashingPermits.MAX_MEMORY_KIB;
  static final int ARGON2_MAX_ITERATIONS = 10;
  static final int ARGON2_MAX_PARALLELISM = 4;
  static final int SALT_BYTES = 16;
  static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int KEY_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * How the key is derived from the passphrase.
   *
   * @param name {@link #ARGON2ID} or {@link #PBKDF2}
   * @param memoryKiB Argon2id memory in KiB (0 for PBKDF2)
   * @param iterations passes (Argon2id) or iterations (PBKDF2)
   * @param parallelism Argon2id lanes (0 for PBKDF2)
   * @param salt random, {@value #SALT_BYTES} bytes when written
   */
  public record Kdf(String name, int memoryKiB, int iterations, int parallelism, byte[] salt) {

    /** Argon2id with 64 MiB, 3 passes, 1 lane and a fresh salt: what new backups use. */
    public static Kdf argon2id() {
      return new Kdf(ARGON2ID, 64 * 1024, 3, 1, random(SALT_BYTES));
    }

    /** PBKDF2-HMAC-SHA256 with a fresh salt (for other tools and for tests of the reader). */
    public static Kdf pbkdf2(int iterations) {
      return new Kdf(PBKDF2, 0, iterations, 0, random(SALT_BYTES));
    }

    /** Why these parameters are refused, or null when they are within bounds. */
    public String refusal() {
      String[] r = refused();
      return r == null ? null : r[1];
    }

    /** The refused field of the {@code kdf} object ("memoryKiB", …), or null when within bounds. */
    public String refusedField() {
      String[] r = refused();
      return r == null ? null : r[0];
    }

    private String[] refused() {
      if (salt == null || salt.length < 16 || salt.length > 64) {
        return new String[] {"salt", "salt must be 16 to 64 bytes"};
      }
      if (ARGON2ID.equals(name)) {
        if (memoryKiB < ARGON2_MIN_MEMORY_KIB || memoryKiB > ARGON2_MAX_MEMORY_KIB) {
          return new String[] {"memoryKiB", "memoryKiB must be between " + ARGON2_MIN_MEMORY_KIB + " and "
              + ARGON2_MAX_MEMORY_KIB + " (at most " + ARGON2_MAX_MEMORY_KIB / 1024 + " MiB, what Sekisho writes, "
              + "so that a restore fits the appliance's memory); this file asks for " + memoryKiB + " KiB"};
        }
        if (iterations < 1 || iterations > ARGON2_MAX_ITERATIONS) {
          return new String[] {"iterations", "iterations must be between 1 and " + ARGON2_MAX_ITERATIONS};
        }
        if (parallelism < 1 || parallelism > ARGON2_MAX_PARALLELISM) {
          return new String[] {"parallelism", "parallelism must be between 1 and " + ARGON2_MAX_PARALLELISM};
        }
        return null;
      }
      if (PBKDF2.equals(name)) {
        if (iterations < PBKDF2_MIN_ITERATIONS || iterations > PBKDF2_MAX_ITERATIONS) {
          return new String[] {"iterations", "iterations must be between " + PBKDF2_MIN_ITERATIONS + " and "
              + PBKDF2_MAX_ITERATIONS};
        }
        return null;
      }
      return new String[] {"name", "unknown key derivation '" + StrictJson.cut(name) + "' (known: " + ARGON2ID
          + ", " + PBKDF2 + ")"};
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Kdf k && name.equals(k.name) && memoryKiB == k.memoryKiB && iterations == k.iterations
          && parallelism == k.parallelism && Arrays.equals(salt, k.salt);
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + Arrays.hashCode(salt);
    }

    @Override
    public String toString() {
      return "Kdf[" + name + ", m=" + memoryKiB + ", t=" + iterations + ", p=" + parallelism + "]";
    }
  }

  private BackupCrypto() {}

  /** A fresh GCM nonce. */
  static byte[] newNonce() {
    return random(NONCE_BYTES);
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /**
   * Derives the AES key under one of {@code permits}; the parameters must have passed {@link Kdf#refusal()}.
   *
   * @throws HashingPermits.Busy when no permit came in time, or the derivation ran out of memory
   */
  static byte[] deriveKey(String passphrase, Kdf kdf, HashingPermits permits) {
    if (kdf.refusal() != null) {
      throw new IllegalArgumentException(kdf.refusal());
    }
    return permits.run(() -> derive(passphrase, kdf));
  }

  private static byte[] derive(String passphrase, Kdf kdf) {
    if (PBKDF2.equals(kdf.name())) {
      char[] pw = passphrase.toCharArray();
      try {
        KeySpec spec = new PBEKeySpec(pw, kdf.salt(), kdf.iterations(), KEY_BYTES * 8);
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
      } finally {
        Arrays.fill(pw, '\0');
      }
    }
    return PasswordHasher.derive(passphrase, kdf.salt(), kdf.memoryKiB(), kdf.iterations(), kdf.parallelism(),
        KEY_BYTES);
  }

  /** AES-256-GCM encryption; the result is the ciphertext followed by the 16-byte tag. */
  static byte[] encrypt(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
    try {
      return cipher(Cipher.ENCRYPT_MODE, key, nonce, aad).doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * AES-256-GCM decryption.
   *
   * @return the plaintext, or null when the tag does not match (wrong key, or altered data)
   */
  static byte[] decrypt(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertext) {
    try {
      return cipher(Cipher.DECRYPT_MODE, key, nonce, aad).doFinal(ciphertext);
    } catch (AEADBadTagException e) {
      return null;
    } catch (GeneralSecurityException e) {
      // Too short to hold a tag, for example: as useless as a wrong tag.
      return null;
    }
  }

  private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] aad) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    c.updateAAD(aad);
    return c;
  }
}
