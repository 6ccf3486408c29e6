package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.crypto.TlsFiles;
import dev.sekisho.crypto.TlsIdentity;
import dev.sekisho.store.AuditQuery;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The admin's own certificate: a wrong key or an expired certificate is refused and nothing changes; the upload
 * asks for the current password again; installs and refusals are audited.
 */
class CertificateUploadTest extends WebTestBase {

  private String storedCert() throws Exception {
    return Files.readString(dir.resolve(TlsFiles.CERT));
  }

  @Test
  void aKeyThatIsNotTheCertificatesIsRefusedOnTheKeyFieldAndNothingChanges() throws Exception {
    Browser b = loggedIn();
    String before = h.tls().fingerprint();
    String stored = storedCert();
    TlsIdentity mine = TlsIdentity.selfSigned(List.of("fw.example.lan"), h.clock.instant());
    TlsIdentity other = TlsIdentity.selfSigned(List.of("fw.example.lan"), h.clock.instant());
    b.get("/settings/certificate");
    Browser.Page p = b.post("/settings/certificate", Map.of("certificate", mine.certificatePem(),
        "key", other.keyPem(), PasswordCheck.FIELD, PASSWORD));
    assertEquals(400, p.status());
    assertTrue(p.body().contains("this key does not belong to the certificate"), p.body());
    assertTrue(p.body().matches("(?s).*class=\"field invalid\"[^>]*>\\s*<label for=\"key\".*"),
        "the error sits at the key field");
    assertFalse(p.body().contains("PRIVATE KEY-----\n"), "the posted key is not echoed back");
    assertEquals(before, h.tls().fingerprint(), "still served");
    assertEquals(stored, storedCert(), "still stored");
    assertEquals(before, fingerprintServed(), "new connections still get the old certificate");
    assertEquals(List.of(AuditEvent.REFUSED), audited(AuditKind.CERTIFICATE_UPLOAD), "the refusal is audited");
  }

  @Test
  void anExpiredCertificateIsRefused() throws Exception {
    Browser b = loggedIn();
    String stored = storedCert();
    TlsIdentity old = TlsIdentity.selfSigned(List.of("fw.example.lan"),
        h.clock.instant().minus(Duration.ofDays(900)));
    b.get("/settings/certificate");
    Browser.Page p = b.post("/settings/certificate", Map.of("certificate", old.certificatePem(),
        "key", old.keyPem(), PasswordCheck.FIELD, PASSWORD));
    assertEquals(400, p.status());
    assertTrue(p.body().contains("expired"), p.body());
    assertEquals(stored, storedCert());
  }

  @Test
  void aGoodPairIsStoredAndServedToNewConnectionsAtOnce() throws Exception {
    Browser b = loggedIn();
    TlsIdentity mine = TlsIdentity.selfSigned(List.of("127.0.0.1", "fw.example.lan"), h.clock.instant());
    b.get("/settings/certificate");
    Browser.Page p = b.post("/settings/certificate", Map.of("certificate", mine.certificatePem(),
        "key", mine.keyPem(), PasswordCheck.FIELD, PASSWORD));
    assertEquals(303, p.status(), p.body());
    List<AuditEvent> installed = h.appliance.audit().find(new AuditQuery(AuditKind.CERTIFICATE_UPLOAD, null, null,
        null), 0, 10).events();
    assertEquals(1, installed.size());
    assertEquals(AuditEvent.OK, installed.get(0).outcome());
    assertEquals("admin", installed.get(0).user());
    assertTrue(installed.get(0).detail().contains(mine.fingerprint()), installed.get(0).detail());
    assertEquals(mine.fingerprint(), h.tls().fingerprint());
    assertEquals(mine.certificatePem(), storedCert());
    assertEquals(mine.fingerprint(), fingerprintServed());
    Browser fresh = new Browser(h.port, mine);
    assertTrue(fresh.get("/login").body().contains(mine.fingerprint()), "shown on the login page too");
  }

  @Test
  void aGoodPairWithoutTheCurrentPasswordOrWithAWrongOneChangesNothing() throws Exception {
    Browser b = loggedIn();
    String before = h.tls().fingerprint();
    String stored = storedCert();
    TlsIdentity mine = TlsIdentity.selfSigned(List.of("127.0.0.1", "fw.example.lan"), h.clock.instant());
    b.get("/settings/certificate");
    Browser.Page none = b.post("/settings/certificate", Map.of("certificate", mine.certificatePem(),
        "key", mine.keyPem()));
    assertEquals(400, none.status());
    assertTrue(none.body().contains("enter your current password to confirm this"), none.body());
    assertTrue(none.body().matches("(?s).*class=\"field invalid\"[^>]*>\\s*<label for=\"currentPassword\".*"),
        "the error sits at the password field");
    Browser.Page wrong = b.post("/settings/certificate", Map.of("certificate", mine.certificatePem(),
        "key", mine.keyPem(), PasswordCheck.FIELD, PASSWORD + "x"));
    assertEquals(400, wrong.status());
    assertTrue(wrong.body().contains("this is not your current password"), wrong.body());
    assertFalse(wrong.body().contains(PASSWORD), "the password is not echoed back");
    assertFalse(wrong.body().contains("PRIVATE KEY-----\n"), "nor the key");
    assertEquals(before, h.tls().fingerprint(), "still served");
    assertEquals(stored, storedCert(), "still stored");
    assertEquals(before, fingerprintServed());
    assertEquals(List.of(AuditEvent.FAILED), audited(AuditKind.REAUTH_FAILURE), "the wrong password is audited");
    assertEquals(List.of(), audited(AuditKind.CERTIFICATE_UPLOAD), "nothing was installed");
  }

  @Test
  void theUploadNeedsTheAdmin() {
    h.admin.setPasswordHash(PASSWORD_HASH);
    Browser anonymous = h.browser();
    assertEquals("/login", anonymous.get("/settings/certificate").location());
  }

  private List<String> audited(AuditKind kind) {
    return h.appliance.audit().find(new AuditQuery(kind, null, null, null), 0, 10).events().stream()
        .map(AuditEvent::outcome).toList();
  }

  /** The fingerprint of the certificate a new TLS connection is given (whatever it is, it is not trusted). */
  private String fingerprintServed() throws Exception {
    javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    java.security.cert.X509Certificate[][] seen = new java.security.cert.X509Certificate[1][];
    // Records the offered chain and refuses it: the handshake fails, which is fine; we only look.
    ctx.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
      @Override
      public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {}

      @Override
      public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a)
          throws java.security.cert.CertificateException {
        seen[0] = c;
        throw new java.security.cert.CertificateException("only looking");
      }

      @Override
      public java.security.cert.X509Certificate[] getAcceptedIssuers() {
        return new java.security.cert.X509Certificate[0];
      }
    }}, null);
    try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1",
        h.port)) {
      s.startHandshake();
    } catch (javax.net.ssl.SSLException expected) {
      // the recording manager refuses every chain
    }
    return java.util.HexFormat.ofDelimiter(":").withUpperCase().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(seen[0][0].getEncoded()));
  }
}
