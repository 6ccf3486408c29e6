package dev.sekisho.crypto;

import java.io.IOException;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS clients for tests that trust exactly one appliance's certificate (a trust store holding only it), with
 * the usual host name check: never a trust-all manager.
 */
public final class TestTrust {
  private TestTrust() {}

  /** A TLS context whose only trust anchor is {@code id}'s certificate. */
  public static SSLContext context(TlsIdentity id) {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(id.trustStore());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An HTTP client (HTTP/1.1, no redirects followed) that trusts only {@code id}. */
  public static HttpClient.Builder client(TlsIdentity id) {
    return HttpClient.newBuilder().sslContext(context(id)).version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER);
  }

  /** A connected, handshaken TLS socket to {@code host:port} that trusts only {@code id} and checks the name. */
  public static SSLSocket socket(TlsIdentity id, String host, int port) throws IOException {
    SSLSocket s = (SSLSocket) context(id).getSocketFactory().createSocket(host, port);
    SSLParameters p = s.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    s.setSSLParameters(p);
    s.startHandshake();
    return s;
  }
}
