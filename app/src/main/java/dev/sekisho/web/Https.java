package dev.sekisho.web;

import dev.sekisho.crypto.TlsFiles;
import dev.sekisho.crypto.TlsIdentity;
import io.javalin.config.JavalinConfig;
import io.javalin.config.JettyConfig;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The panel's transport: TLS with the appliance's certificate on the one panel port, and on that same port a
 * plain-HTTP request gets nothing but a redirect to HTTPS. One port keeps the ruleset's admin-port rule, the
 * anti-lockout check and the lab's forwarder unchanged: the first bytes of a connection tell a TLS hello
 * from an HTTP request (Jetty's {@link DetectorConnectionFactory}).
 */
public final class Https {
  /** HSTS lifetime: a year. Browsers ignore it while the certificate is not trusted, so it cannot lock out. */
  static final Duration HSTS = Duration.ofDays(365);

  private final TlsFiles files;
  private final SslContextFactory.Server ssl = new SslContextFactory.Server();
  // The key store's password only guards an in-memory copy; a random one per process.
  private final String storePassword = randomPassword();
  private volatile TlsIdentity current;

  /** Serves {@code identity}, which is stored in {@code files} (where an uploaded one replaces it). */
  public Https(TlsIdentity identity, TlsFiles files) {
    this.files = files;
    this.current = identity;
    ssl.setKeyStore(identity.keyStore(storePassword.toCharArray()));
    ssl.setKeyStorePassword(storePassword);
    // Admins reach the panel by whatever address works (an IP, a forwarded port): a Host header that is not
    // in the certificate is the browser's warning to show, not a reason for the server to refuse.
    ssl.setSniRequired(false);
  }

  private static String randomPassword() {
    byte[] b = new byte[18];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  /** The certificate being served now. */
  public TlsIdentity current() {
    return current;
  }

  /**
   * Stores {@code identity} in the data directory and serves it to new connections at once (open
   * connections keep the old one until they close).
   */
  public synchronized void replace(TlsIdentity identity) throws Exception {
    files.store(identity);
    ssl.reload(f -> {
      f.setKeyStore(identity.keyStore(storePassword.toCharArray()));
      f.setKeyStorePassword(storePassword);
    });
    current = identity;
  }

  /** Installs the TLS connector and the HTTP-to-HTTPS redirect into the panel's Jetty. */
  void configure(JavalinConfig cfg) {
    JettyConfig jetty = cfg.jetty;
    jetty.addConnector((server, http) -> {
      HttpConfiguration conf = new HttpConfiguration(http);
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(false);
      secure.setStsMaxAge(HSTS.toSeconds());
      conf.addCustomizer(secure);
      HttpConnectionFactory h1 = new HttpConnectionFactory(conf);
      SslConnectionFactory tls = new SslConnectionFactory(ssl, h1.getProtocol());
      // A connection whose first bytes are not a TLS hello goes on to h1 as plain HTTP; RedirectPlain answers it.
      ServerConnector c = new ServerConnector(server, new DetectorConnectionFactory(tls), h1);
      // Read when the server starts, after start(host, port) set them.
      c.setHost(jetty.host);
      c.setPort(jetty.port);
      return c;
    });
    // Javalin attaches its servlet context inside the innermost wrapper it finds on the server.
    jetty.modifyServer(server -> server.setHandler(new RedirectPlain()));
  }

  /**
   * When the TCP connection under this request was opened (under TLS, the socket's endpoint, not the
   * decrypting one). {@code ep} is the request's connection endpoint.
   */
  static long openedAtMillis(EndPoint ep) {
    EndPoint e = ep;
    while (e instanceof EndPoint.Wrapper w && w.unwrap() != null && w.unwrap() != e) {
      e = w.unwrap();
    }
    return e.getCreatedTimeStamp();
  }

  /** Answers every plain-HTTP request with a permanent redirect to the same host, port and path over HTTPS. */
  static final class RedirectPlain extends Handler.Wrapper {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      if (request.isSecure()) {
        return super.handle(request, response, callback);
      }
      String location = HttpURI.build()
          .scheme("https")
          .host(Request.getServerName(request))
          .port(Request.getServerPort(request))
          .pathQuery(request.getHttpURI().getPathQuery())
          .asString();
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      // 308 keeps the method: a form posted over HTTP is not silently turned into a GET.
      Response.sendRedirect(request, response, callback, 308, location, false);
      return true;
    }
  }

  @Override
  public String toString() {
    return "Https[" + current + "]";
  }
}
