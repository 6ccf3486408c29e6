package dev.sekisho.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing in the PHC string format
 * {@code $argon2id$v=19$m=65536,t=3,p=1$<salt>$<hash>} (unpadded standard Base64), so the stored value says
 * how it was made and costs can be raised later without breaking old hashes.
 *
 * <p>Verification reads the cost parameters from the stored string but only within sane bounds: a tampered
 * row must not be able to make a login attempt allocate gigabytes or spin for minutes.
 */
public final class PasswordHasher {

  /** The costs used for new hashes on the appliance: 64 MiB, 3 passes, 1 lane. */
  public static final PasswordHasher DEFAULT = new PasswordHasher(65536, 3, 1);

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final int MAX_MEMORY_KIB = 1 << 20;
  private static final int MAX_ITERATIONS = 16;
  private static final int MAX_PARALLELISM = 16;
  private static final Pattern PHC = Pattern.compile(
      "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,88})\\$([A-Za-z0-9+/]{22,88})");

  private final int memoryKib;
  private final int iterations;
  private final int parallelism;
  private final SecureRandom random = new SecureRandom();

  /** A hasher producing new hashes with these costs (tests use small ones to stay fast). */
  public PasswordHasher(int memoryKib, int iterations, int parallelism) {
    if (!withinBounds(memoryKib, iterations, parallelism)) {
      throw new IllegalArgumentException("Argon2 parameters out of bounds");
    }
    this.memoryKib = memoryKib;
    this.iterations = iterations;
    this.parallelism = parallelism;
  }

  /** Hashes the password with a fresh random salt and returns the PHC string. */
  public String hash(CharSequence password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = derive(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
        + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
  }

  /**
   * True when the password matches the stored PHC string. A malformed, truncated or out-of-bounds string
   * is simply a non-match (and is never an exception), so a damaged row locks out rather than lets in.
   */
  public boolean verify(CharSequence password, String phc) {
    if (password == null || phc == null) {
      return false;
    }
    Matcher m = PHC.matcher(phc);
    if (!m.matches()) {
      return false;
    }
    int mem;
    int t;
    int p;
    byte[] salt;
    byte[] expected;
    try {
      mem = Integer.parseInt(m.group(1));
      t = Integer.parseInt(m.group(2));
      p = Integer.parseInt(m.group(3));
      salt = Base64.getDecoder().decode(m.group(4));
      expected = Base64.getDecoder().decode(m.group(5));
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (!withinBounds(mem, t, p) || salt.length < 8 || expected.length < 16 || expected.length > 64) {
      return false;
    }
    byte[] actual = derive(password, salt, mem, t, p, expected.length);
    // Constant time, so response timing says nothing about how many leading bytes matched.
    return MessageDigest.isEqual(actual, expected);
  }

  /**
   * True when {@code phc} has the shape of a hash this class writes and verifies (for hashes that arrive
   * from elsewhere, such as a restored backup); says nothing about which password it matches.
   */
  public static boolean wellFormed(String phc) {
    if (phc == null) {
      return false;
    }
    Matcher m = PHC.matcher(phc);
    return m.matches() && withinBounds(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)));
  }

  private static boolean withinBounds(int mem, int t, int p) {
    return p >= 1 && p <= MAX_PARALLELISM && t >= 1 && t <= MAX_ITERATIONS
        && mem >= 8 * p && mem <= MAX_MEMORY_KIB;
  }

  /**
   * Raw Argon2id (version 1.3): {@code length} bytes derived from the secret. Also the key derivation of
   * encrypted backups; callers bound the parameters first.
   */
  public static byte[] derive(CharSequence password, byte[] salt, int mem, int t, int p, int length) {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(mem)
        .withIterations(t)
        .withParallelism(p)
        .withSalt(salt)
        .build();
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(params);
    byte[] pw = utf8(password);
    try {
      byte[] out = new byte[length];
      gen.generateBytes(pw, out);
      return out;
    } finally {
      Arrays.fill(pw, (byte) 0);
    }
  }

  private static byte[] utf8(CharSequence s) {
    ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(s));
    byte[] out = new byte[bb.remaining()];
    bb.get(out);
    if (bb.hasArray()) {
      Arrays.fill(bb.array(), (byte) 0);
    }
    return out;
  }
}
