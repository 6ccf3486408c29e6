package dev.sekisho.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The panel's TLS certificate (with any intermediates) and its private key: generated self-signed at first
 * start, or the admin's own, read from PEM. Pure: no files, no clock of its own.
 *
 * @param chain the server certificate first, then intermediates (never empty)
 * @param key the server certificate's private key
 */
public record TlsIdentity(List<X509Certificate> chain, PrivateKey key) {
  /**
   * How long a generated certificate is valid. Some clients (Apple's) refuse server certificates valid for
   * longer than 825 days even when the admin trusts them by hand.
   */
  public static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(825);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A certificate or key the admin gave that cannot be used; {@link #field} says which of the two. */
  public static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    private final String field;

    Invalid(String field, String message) {
      super(message);
      this.field = field;
    }

    /** "certificate" or "key". */
    public String field() {
      return field;
    }
  }

  /** Checks the chain's shape. */
  public TlsIdentity {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("no certificate");
    }
  }

  /** The server certificate. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /**
   * A new ECDSA P-256 key and a self-signed certificate for {@code names} (host names and IP addresses,
   * duplicates ignored), valid from an hour before {@code now} (clocks differ) for {@link #SELF_SIGNED_VALIDITY}.
   */
  public static TlsIdentity selfSigned(List<String> names, Instant now) {
    Set<String> unique = new LinkedHashSet<>(names);
    if (unique.isEmpty()) {
      throw new IllegalArgumentException("a certificate needs at least one name");
    }
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      KeyPair kp = g.generateKeyPair();
      X500Name subject = new X500Name("CN=Sekisho " + unique.iterator().next().replaceAll("[^0-9A-Za-z.:-]", "_")
          + ", O=Sekisho self-signed");
      List<GeneralName> sans = new ArrayList<>();
      for (String n : unique) {
        sans.add(new GeneralName(isAddress(n) ? GeneralName.iPAddress : GeneralName.dNSName, n));
      }
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, new BigInteger(127, RANDOM).add(
          BigInteger.ONE), java.util.Date.from(now.minus(Duration.ofHours(1))),
          java.util.Date.from(now.plus(SELF_SIGNED_VALIDITY)), subject, kp.getPublic());
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
      return new TlsIdentity(List.of(cert), kp.getPrivate());
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot generate the TLS certificate", e);
    }
  }

  private static boolean isAddress(String n) {
    return n.matches("[0-9.]+") || n.contains(":");
  }

  /**
   * Reads a certificate chain and its private key from PEM and checks that they belong together. Time and
   * names are checked separately ({@link #problems}), so a stored certificate that expired can still be read.
   *
   * @throws Invalid naming the field ("certificate" or "key") that is wrong
   */
  public static TlsIdentity parse(String certificatePem, String keyPem) throws Invalid {
    List<X509Certificate> chain = Pem.certificates(certificatePem);
    PrivateKey key = Pem.privateKey(keyPem);
    if (!matches(chain.get(0), key)) {
      throw new Invalid("key", "this key does not belong to the certificate");
    }
    return new TlsIdentity(chain, key);
  }

  /** Signs a random challenge with the key and verifies it with the certificate's public key. */
  private static boolean matches(X509Certificate cert, PrivateKey key) {
    String alg = switch (key.getAlgorithm()) {
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> null;
    };
    if (alg == null || !key.getAlgorithm().equals(cert.getPublicKey().getAlgorithm())
        && !(alg.equals("SHA256withECDSA") && cert.getPublicKey().getAlgorithm().startsWith("EC"))) {
      return false;
    }
    try {
      byte[] challenge = new byte[32];
      RANDOM.nextBytes(challenge);
      Signature s = Signature.getInstance(alg);
      s.initSign(key);
      s.update(challenge);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(alg);
      v.initVerify(cert.getPublicKey());
      v.update(challenge);
      return v.verify(sig);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /**
   * What makes this identity unfit to serve at {@code now}: not yet valid, expired, or without a DNS or IP
   * subject alternative name (browsers ignore the common name). Empty when it is fit.
   */
  public List<String> problems(Instant now) {
    List<String> out = new ArrayList<>();
    X509Certificate c = certificate();
    if (now.isBefore(c.getNotBefore().toInstant())) {
      out.add("the certificate is not valid yet (from " + c.getNotBefore().toInstant() + ")");
    }
    if (now.isAfter(c.getNotAfter().toInstant())) {
      out.add("the certificate expired on " + c.getNotAfter().toInstant());
    }
    if (names().isEmpty()) {
      out.add("the certificate names no host (no DNS or IP subject alternative name)");
    }
    return out;
  }

  /** The DNS names and IP addresses in the certificate's subject alternative names. */
  public List<String> names() {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> sans = certificate().getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          int type = (Integer) san.get(0);
          if (type == GeneralName.dNSName || type == GeneralName.iPAddress) {
            out.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (GeneralSecurityException e) {
      // an unparseable extension names nothing
    }
    return out;
  }

  /** Whether the certificate signed itself (as the generated one does). */
  public boolean selfSigned() {
    X509Certificate c = certificate();
    if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
      return false;
    }
    try {
      c.verify(c.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The SHA-256 fingerprint of the certificate as browsers show it: upper-case hex pairs joined by colons. */
  public String fingerprint() {
    try {
      byte[] d = sha256(certificate().getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Base64 of the SHA-256 of the certificate's public key (SubjectPublicKeyInfo): what chromium's
   * {@code --ignore-certificate-errors-spki-list} and HTTP public-key pinning name.
   */
  public String spkiSha256() {
    return Base64.getEncoder().encodeToString(sha256(certificate().getPublicKey().getEncoded()));
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The chain as PEM, server certificate first. */
  public String certificatePem() {
    return Pem.write(chain.toArray());
  }

  /** The private key as unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}). */
  public String keyPem() {
    return Pem.write(key);
  }

  /** An in-memory key store holding the key and chain under the alias "sekisho", for the TLS server. */
  public KeyStore keyStore(char[] password) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("sekisho", key, password, chain.toArray(Certificate[]::new));
      return ks;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A key store that trusts exactly this certificate (for clients: tests, the lab's tools). */
  public KeyStore trustStore() {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry("sekisho", certificate());
      return ks;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    // Keeps the private key out of logs.
    return "TlsIdentity[" + certificate().getSubjectX500Principal() + ", SHA-256 " + fingerprint() + "]";
  }
}
