package dev.sekisho.web;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty writes itself, for requests the panel never sees (a URI too long, headers too large, a
 * malformed request): the same security headers as the panel's pages ({@link SecurityHeaders}), no stack
 * traces or causes, never cached. Installed as the server's error handler in {@link WebApp}.
 */
final class JettyErrors extends ErrorHandler {

  JettyErrors() {
    setShowStacks(false);
    setShowCauses(false);
    setShowOrigin(false);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    secure(response.getHeaders());
    return super.handle(request, response, callback);
  }

  private static void secure(HttpFields.Mutable fields) {
    SecurityHeaders.PAGE.forEach(fields::put);
    fields.put("Cache-Control", "no-store");
  }
}
