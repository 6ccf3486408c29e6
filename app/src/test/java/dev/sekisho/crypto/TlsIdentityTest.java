package dev.sekisho.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsIdentityTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private static final List<String> NAMES = List.of("192.168.1.1", "localhost", "127.0.0.1");

  @Test
  void generatesAnEcdsaP256ServerCertificateForTheNames() throws Exception {
    TlsIdentity id = TlsIdentity.selfSigned(NAMES, NOW);
    ECPublicKey pub = (ECPublicKey) id.certificate().getPublicKey();
    assertEquals(256, pub.getParams().getCurve().getField().getFieldSize());
    assertEquals(List.of("localhost", "192.168.1.1", "127.0.0.1").stream().sorted().toList(),
        id.names().stream().sorted().toList());
    assertTrue(id.selfSigned());
    assertEquals(List.of(), id.problems(NOW));
    assertEquals(List.of("1.3.6.1.5.5.7.3.1"), id.certificate().getExtendedKeyUsage());
    assertEquals(-1, id.certificate().getBasicConstraints(), "not a CA");
    String expected = HexFormat.ofDelimiter(":").withUpperCase()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(id.certificate().getEncoded()));
    assertEquals(expected, id.fingerprint());
    assertEquals(95, id.fingerprint().length());
  }

  @Test
  void pemRoundTrips() throws Exception {
    TlsIdentity id = TlsIdentity.selfSigned(NAMES, NOW);
    assertTrue(id.keyPem().startsWith("-----BEGIN PRIVATE KEY-----"));
    TlsIdentity back = TlsIdentity.parse(id.certificatePem(), id.keyPem());
    assertEquals(id.fingerprint(), back.fingerprint());
    assertEquals(id.spkiSha256(), back.spkiSha256());
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedOnTheKeyField() {
    TlsIdentity a = TlsIdentity.selfSigned(NAMES, NOW);
    TlsIdentity b = TlsIdentity.selfSigned(NAMES, NOW);
    TlsIdentity.Invalid e = assertThrows(TlsIdentity.Invalid.class,
        () -> TlsIdentity.parse(a.certificatePem(), b.keyPem()));
    assertEquals("key", e.field());
    assertEquals("certificate", assertThrows(TlsIdentity.Invalid.class,
        () -> TlsIdentity.parse("junk", a.keyPem())).field());
    assertEquals("key", assertThrows(TlsIdentity.Invalid.class,
        () -> TlsIdentity.parse(a.certificatePem(), "junk")).field());
  }

  @Test
  void timeProblemsAreReported() {
    TlsIdentity id = TlsIdentity.selfSigned(NAMES, NOW);
    assertEquals(1, id.problems(NOW.minus(Duration.ofDays(1))).size());
    assertTrue(id.problems(NOW.plus(Duration.ofDays(826))).get(0).contains("expired"));
  }

  @Test
  void filesAreOwnerOnlyAndReusedOnTheNextStart(@TempDir Path dir) throws Exception {
    TlsFiles files = new TlsFiles(dir);
    TlsFiles.Loaded first = files.loadOrCreate(NAMES, NOW);
    assertTrue(first.created());
    for (String f : List.of(TlsFiles.CERT, TlsFiles.KEY)) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))));
    }
    TlsFiles.Loaded second = files.loadOrCreate(List.of("10.0.0.1"), NOW.plus(Duration.ofDays(30)));
    assertFalse(second.created());
    assertEquals(first.identity().fingerprint(), second.identity().fingerprint());
    // An expired self-signed certificate is replaced; the new one has a new fingerprint.
    TlsFiles.Loaded later = files.loadOrCreate(NAMES, NOW.plus(Duration.ofDays(900)));
    assertTrue(later.created());
    assertNotEquals(first.identity().fingerprint(), later.identity().fingerprint());
  }

  @Test
  void aMismatchedPairOnDiskStopsTheStart(@TempDir Path dir) throws Exception {
    TlsFiles files = new TlsFiles(dir);
    files.loadOrCreate(NAMES, NOW);
    Files.writeString(dir.resolve(TlsFiles.KEY), TlsIdentity.selfSigned(NAMES, NOW).keyPem());
    assertThrows(IllegalStateException.class, () -> files.loadOrCreate(NAMES, NOW));
  }

  @Test
  void anRsaCertificateWithATraditionalKeyIsAccepted() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    java.security.KeyPair kp = g.generateKeyPair();
    org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name("CN=fw.example.lan");
    org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder b = new org.bouncycastle.cert.jcajce
        .JcaX509v3CertificateBuilder(name, java.math.BigInteger.TEN, java.util.Date.from(NOW.minusSeconds(60)),
        java.util.Date.from(NOW.plus(Duration.ofDays(90))), name, kp.getPublic());
    b.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
        new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
            org.bouncycastle.asn1.x509.GeneralName.dNSName, "fw.example.lan")));
    java.security.cert.X509Certificate cert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter()
        .getCertificate(b.build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA")
            .build(kp.getPrivate())));
    String keyPem = Pem.write(new Object[] {kp}); // a key pair: OpenSSL's traditional "RSA PRIVATE KEY"
    assertTrue(keyPem.startsWith("-----BEGIN RSA PRIVATE KEY-----"), keyPem);
    TlsIdentity id = TlsIdentity.parse(Pem.write(new Object[] {cert}), keyPem);
    assertEquals(List.of("fw.example.lan"), id.names());
    assertEquals(List.of(), id.problems(NOW));
  }
}
