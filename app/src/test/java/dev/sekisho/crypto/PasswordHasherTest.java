package dev.sekisho.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  // Small costs keep the tests fast; the format and algorithm are the same as the appliance's.
  private final PasswordHasher hasher = new PasswordHasher(1024, 1, 1);

  @Test
  void hashHasPhcFormAndVerifies() {
    String phc = hasher.hash("correct horse battery");
    assertTrue(phc.matches("\\$argon2id\\$v=19\\$m=1024,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), phc);
    assertTrue(hasher.verify("correct horse battery", phc));
  }

  @Test
  void defaultCostsAreTheDocumentedOnes() {
    String phc = PasswordHasher.DEFAULT.hash("a long enough password");
    assertTrue(phc.startsWith("$argon2id$v=19$m=65536,t=3,p=1$"), phc);
    assertTrue(PasswordHasher.DEFAULT.verify("a long enough password", phc));
  }

  @Test
  void wrongPasswordFails() {
    String phc = hasher.hash("correct horse battery");
    assertFalse(hasher.verify("correct horse batterY", phc));
    assertFalse(hasher.verify("", phc));
    assertFalse(hasher.verify(null, phc));
  }

  @Test
  void saltIsRandom() {
    assertNotEquals(hasher.hash("same password"), hasher.hash("same password"));
  }

  @Test
  void matchesAnIndependentArgon2idComputation() {
    // Recompute with BouncyCastle directly from the PHC fields: proves the string really is
    // Argon2id v19 of the UTF-8 password with the stated parameters, not something merely shaped like it.
    String pw = "pässwörd 日本";
    String phc = hasher.hash(pw);
    String[] parts = phc.split("\\$");
    byte[] salt = Base64.getDecoder().decode(parts[4]);
    byte[] hash = Base64.getDecoder().decode(parts[5]);
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(1024).withIterations(1).withParallelism(1).withSalt(salt).build());
    byte[] out = new byte[32];
    gen.generateBytes(pw.getBytes(java.nio.charset.StandardCharsets.UTF_8), out);
    assertEquals(Base64.getEncoder().encodeToString(out), Base64.getEncoder().encodeToString(hash));
  }

  @Test
  void tamperedStringsFailSafely() {
    String pw = "correct horse battery";
    String phc = hasher.hash(pw);
    String[] p = phc.split("\\$");
    String salt = p[4];
    String hash = p[5];
    String[] bad = {
      "",
      "garbage",
      phc.replace("argon2id", "argon2i"),
      phc.replace("v=19", "v=16"),
      phc.replace("m=1024", "m=999999999"),
      phc.replace("m=1024", "m=-1"),
      phc.replace("t=1", "t=500"),
      phc.replace("p=1", "p=0"),
      phc + "$",
      phc + "=",
      "$argon2id$v=19$m=1024,t=1,p=1$" + salt + "$",
      "$argon2id$v=19$m=1024,t=1,p=1$$" + hash,
      "$argon2id$v=19$m=1024,t=1,p=1$" + salt + "$" + hash.substring(0, 20),
      "$argon2id$v=19$m=1024,t=1,p=1$" + salt + "$" + flip(hash),
      "$argon2id$v=19$m=1024,t=1,p=1$" + flip(salt) + "$" + hash,
      "$argon2id$v=19$m=2048,t=1,p=1$" + salt + "$" + hash,
      "$argon2id$v=19$m=1024,t=2,p=1$" + salt + "$" + hash,
      "$argon2id$v=19$m=1024,t=1,p=1$" + salt + "!$" + hash,
      "$argon2id$v=19$m=1024,t=1,p=1$" + salt + "$" + hash + "\n",
      null,
    };
    for (String b : bad) {
      assertFalse(hasher.verify(pw, b), "accepted tampered " + b);
    }
    assertTrue(hasher.verify(pw, phc), "the untampered string still verifies");
  }

  private static String flip(String b64) {
    char c = b64.charAt(5);
    return b64.substring(0, 5) + (c == 'A' ? 'B' : 'A') + b64.substring(6);
  }
}
