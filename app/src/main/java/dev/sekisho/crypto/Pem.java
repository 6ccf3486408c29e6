package dev.sekisho.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM text in and out for {@link TlsIdentity}; a refusal names the field it is about. */
final class Pem {
  private Pem() {}

  /** The certificates in {@code pem}, in order; at least one. */
  static List<X509Certificate> certificates(String pem) throws TlsIdentity.Invalid {
    List<X509Certificate> chain = new ArrayList<>();
    try {
      for (Certificate c : CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
        chain.add((X509Certificate) c);
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      chain.clear();
    }
    if (chain.isEmpty()) {
      throw new TlsIdentity.Invalid("certificate", "not a PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return chain;
  }

  /** An unencrypted private key: PKCS#8 ({@code PRIVATE KEY}) or the traditional EC/RSA forms. */
  static PrivateKey privateKey(String pem) throws TlsIdentity.Invalid {
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      Object o = p.readObject();
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair kp) {
        return conv.getKeyPair(kp).getPrivate();
      }
      if (o instanceof PrivateKeyInfo info) {
        return conv.getPrivateKey(info);
      }
    } catch (IOException | RuntimeException e) {
      // falls through to the refusal below
    }
    throw new TlsIdentity.Invalid("key", "not an unencrypted PEM private key (-----BEGIN PRIVATE KEY----- or "
        + "-----BEGIN EC/RSA PRIVATE KEY-----)");
  }

  /** Certificates as PEM. */
  static String write(Object... objects) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(out)) {
      for (Object o : objects) {
        w.writeObject(o);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  /** A private key as unencrypted PKCS#8 PEM. */
  static String write(PrivateKey key) {
    try {
      return write((Object) new JcaPKCS8Generator(key, null).generate());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
