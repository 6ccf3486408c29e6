package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.crypto.TestTrust;
import dev.sekisho.crypto.TlsFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** The panel speaks HTTPS only: plain HTTP gets a redirect and nothing else; cookies and HSTS fit HTTPS. */
class HttpsTest extends WebTestBase {
  private final HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private HttpResponse<String> plain(HttpRequest.Builder r) throws Exception {
    return plain.send(r.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void plainHttpGetsOnlyARedirectToTheSamePlaceOverHttps() throws Exception {
    for (String path : List.of("/login", "/setup", "/", "/static/sekisho.css", "/rules/1/edit?x=1", "/nope")) {
      HttpResponse<String> r = plain(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.port + path)));
      assertEquals(308, r.statusCode(), path);
      assertEquals("https://127.0.0.1:" + h.port + path, r.headers().firstValue("Location").orElse(null), path);
      assertTrue(r.headers().allValues("Set-Cookie").isEmpty(), "no session over plain HTTP: " + path);
      assertFalse(r.body().contains("<form"), "no page over plain HTTP: " + path);
    }
    // A form posted over plain HTTP is not acted on (no setup, no session), only redirected.
    HttpResponse<String> post = plain(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.port + "/setup"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + h.token + "&password=" + PASSWORD + "&confirm="
            + PASSWORD)));
    assertEquals(308, post.statusCode());
    assertTrue(h.admin.passwordHash().isEmpty(), "the plain-HTTP setup post changed nothing");
  }

  @Test
  void theCookiesAreHostPrefixedSecureHttpOnlyStrict() {
    // Before login only the signed form token (no session); at login the session cookie.
    Browser b = h.browser();
    assertHostCookie(b.get("/setup").headers("Set-Cookie"), FormCsrf.COOKIE);
    h.admin.setPasswordHash(PASSWORD_HASH);
    Browser.Page ok = b.postFrom("/login", "/login", Map.of("username", "admin", "password", PASSWORD));
    assertEquals(303, ok.status(), ok.body());
    assertHostCookie(ok.headers("Set-Cookie"), Web.COOKIE);
    assertTrue(b.session() != null && !b.session().isEmpty(), "logged in over HTTPS with the prefixed cookie");
  }

  private static void assertHostCookie(List<String> setCookies, String name) {
    assertTrue(name.startsWith("__Host-"), name);
    String c = setCookies.stream().filter(x -> x.startsWith(name + "=")).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + setCookies));
    String lower = c.toLowerCase();
    for (String attr : List.of("; secure", "; httponly", "; samesite=strict", "; path=/")) {
      assertTrue(lower.contains(attr), attr + " in " + c);
    }
    assertFalse(lower.contains("domain="), "a __Host- cookie has no Domain: " + c);
  }

  @Test
  void httpsResponsesCarryHsts() {
    for (String path : List.of("/login", "/", "/no-such-page")) {
      String hsts = h.browser().get(path).header("Strict-Transport-Security");
      assertEquals("max-age=" + Https.HSTS.toSeconds(), hsts, path);
    }
  }

  @Test
  void theFingerprintShownBeforeThePasswordIsTheServedCertificates() throws Exception {
    String served;
    try (SSLSocket s = TestTrust.socket(h.tls(), "127.0.0.1", h.port)) {
      X509Certificate cert = (X509Certificate) s.getSession().getPeerCertificates()[0];
      served = HexFormat.ofDelimiter(":").withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }
    assertEquals(h.tls().fingerprint(), served);
    Browser b = h.browser();
    assertTrue(b.get("/setup").body().contains(served), "setup page shows it");
    h.admin.setPasswordHash(PASSWORD_HASH);
    assertTrue(b.get("/login").body().contains(served), "login page shows it");
    Browser admin = loggedIn();
    assertTrue(admin.get("/settings").body().contains(served), "settings page shows it");
  }

  @Test
  void theCertificateIsKeptOwnerOnlyAndReusedAfterARestart() throws Exception {
    String first = h.tls().fingerprint();
    for (String f : List.of(TlsFiles.CERT, TlsFiles.KEY)) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))), f);
    }
    h.close();
    h = new Harness(dir);
    assertEquals(first, h.tls().fingerprint());
    assertEquals(200, h.browser().get("/setup").status(), "the reloaded certificate serves");
  }

  @Test
  void aClientThatTrustsOnlyAnotherCertificateCannotConnect() {
    Browser stranger = new Browser(h.port, dev.sekisho.crypto.TlsIdentity.selfSigned(List.of("127.0.0.1"),
        java.time.Instant.now()));
    AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
        () -> stranger.get("/login"));
    assertTrue(String.valueOf(e.getCause()).contains("SSL") || String.valueOf(e.getCause()).contains("certif"),
        String.valueOf(e.getCause()));
  }


  @Test
  void theConfirmationStillRefusesATlsConnectionOpenedBeforeTheApply() throws Exception {
    // Real time here: the check compares the socket's open time with the apply's start.
    h.clock.advance(Duration.between(h.clock.instant(), java.time.Instant.now()));
    h.configs.save(lan().withRule(RuleTest.rule(1)));
    Browser b = loggedIn();
    b.get("/apply/preview");
    try (SSLSocket old = TestTrust.socket(h.tls(), "127.0.0.1", h.port)) {
      Thread.sleep(20);
      h.clock.advance(Duration.between(h.clock.instant(), java.time.Instant.now()));
      assertEquals("/apply/pending", b.post("/apply", java.util.Map.of()).location());
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("data-token=\"([^\"]+)\"")
          .matcher(b.get("/apply/pending").body());
      assertTrue(m.find());
      String body = "_csrf=" + b.csrf + "&token=" + m.group(1);
      String request = "POST /apply/confirm HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + Web.COOKIE + "="
          + b.session() + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
          + body.length() + "\r\n\r\n" + body;
      old.setSoTimeout(10_000);
      old.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      old.getOutputStream().flush();
      String answer = new String(old.getInputStream().readNBytes(16 * 1024), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(answer.startsWith("HTTP/1.1 303 "), answer);
      assertTrue(answer.contains("Location: /apply/pending"), "refused as an old connection: " + answer);
    }
    assertTrue(h.safeApply.waiting().isPresent(), "still waiting");
    assertEquals("/ruleset", ApplyTest.confirm(b).location(), "a TLS connection opened after the apply confirms");
  }
}
