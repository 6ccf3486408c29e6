package dev.sekisho.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The security headers every answer of the panel carries: its pages (set by {@link Guard}) and the error
 * answers Jetty writes itself before the panel sees a request ({@link JettyErrors}). One list, so the two
 * cannot drift apart.
 */
final class SecurityHeaders {
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

  /** Name to value, in the order they are sent. */
  static final Map<String, String> PAGE;

  static {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("Content-Security-Policy", CSP);
    m.put("X-Content-Type-Options", "nosniff");
    m.put("Referrer-Policy", "no-referrer");
    m.put("X-Frame-Options", "DENY");
    PAGE = java.util.Collections.unmodifiableMap(m);
  }

  private SecurityHeaders() {}
}
