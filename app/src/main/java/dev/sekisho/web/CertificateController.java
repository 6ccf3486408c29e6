package dev.sekisho.web;

import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
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
 * that it names a host, and asking for the admin's current password again (whoever installs a certificate can
 * answer for the panel, so a stolen session alone must not be enough). A refused upload changes nothing; an
 * accepted one serves new connections at once. Both are in the audit log.
 */
final class CertificateController {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateController.class);

  private final Https https;
  private final Views views;
  private final Times times;
  private final PasswordCheck reauth;
  private final AuditTrail audit;

  CertificateController(Https https, Views views, Times times, PasswordCheck reauth, AuditTrail audit) {
    this.https = https;
    this.views = views;
    this.times = times;
    this.reauth = reauth;
    this.audit = audit;
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
      audit.record(ctx, AuditKind.CERTIFICATE_UPLOAD, AuditEvent.REFUSED, "certificate refused: "
          + String.join("; ", f.errors().values()));
      render(ctx, 400, f);
      return;
    }
    // Checked once the certificate passed, so that a mistyped certificate costs no password attempt; a wrong
    // password is audited (and throttled) by the check itself.
    String refusal = reauth.refusal(ctx);
    if (refusal != null) {
      f.reject(PasswordCheck.FIELD, refusal);
      render(ctx, ctx.statusCode() >= 400 ? ctx.statusCode() : 400, f);
      return;
    }
    https.replace(id);
    audit.record(ctx, AuditKind.CERTIFICATE_UPLOAD, AuditEvent.OK, "certificate installed for "
        + String.join(", ", id.names()) + ", SHA-256 " + id.fingerprint());
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
