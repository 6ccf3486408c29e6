package dev.sekisho.web;

import dev.sekisho.crypto.TlsIdentity;
import io.javalin.http.Context;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The panel's own HTTPS certificate: shows the one served and its fingerprint, and installs the admin's
 * certificate and key (PEM) after checking that the key belongs to the certificate, that it is valid now and
 * that it names a host. A refused upload changes nothing; an accepted one serves new connections at once.
 */
final class CertificateController {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateController.class);

  private final Https https;
  private final Views views;
  private final Times times;

  CertificateController(Https https, Views views, Times times) {
    this.https = https;
    this.views = views;
    this.times = times;
  }

  /** GET /settings/certificate. */
  void show(Context ctx) {
    render(ctx, 200, new Form());
  }

  /** POST /settings/certificate: the admin's certificate chain and key, pasted as PEM. */
  void upload(Context ctx) throws Exception {
    Form f = Form.posted(ctx, "certificate", "key");
    TlsIdentity id = null;
    try {
      id = TlsIdentity.parse(f.value("certificate"), f.value("key"));
    } catch (TlsIdentity.Invalid e) {
      f.reject(e.field(), e.getMessage());
    }
    if (id != null) {
      List<String> problems = id.problems(times.clock().instant());
      if (!problems.isEmpty()) {
        f.reject("certificate", String.join("; ", problems));
      }
    }
    // The key is never sent back into the page, not even on a refusal.
    f.set("key", "");
    if (f.hasErrors()) {
      render(ctx, 400, f);
      return;
    }
    https.replace(id);
    LOG.info("the admin installed a new panel certificate for {}, SHA-256 {}", id.names(), id.fingerprint());
    Web.success(ctx, "flash.certificate.installed", id.fingerprint());
    Web.seeOther(ctx, "/settings/certificate");
  }

  private void render(Context ctx, int status, Form f) {
    TlsIdentity current = https.current();
    X509Certificate c = current.certificate();
    Map<String, Object> m = new HashMap<>();
    m.put("nav", "settings");
    m.put("form", f);
    m.put("subject", c.getSubjectX500Principal().getName());
    m.put("names", String.join(", ", current.names()));
    m.put("validFrom", times.format(c.getNotBefore().toInstant()));
    m.put("validUntil", times.format(c.getNotAfter().toInstant()));
    m.put("selfSigned", current.selfSigned());
    views.render(ctx, status, "settings/certificate", m);
  }
}
