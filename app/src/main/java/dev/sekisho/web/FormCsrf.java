package dev.sekisho.web;

import dev.sekisho.web.auth.FormTokens;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

/**
 * The CSRF protection of the login and setup forms, which are shown before any session exists: a signed
 * token in a cookie and the same token in the form's hidden field ({@link FormTokens}). The panel speaks
 * HTTPS only, so like the session cookie ({@link Web#COOKIE}) it is always Secure and carries the
 * {@code __Host-} prefix, so no other host can set it.
 */
final class FormCsrf {
  /** The cookie's name. */
  static final String COOKIE = "__Host-sekisho_form";
  private final FormTokens tokens;

  FormCsrf(FormTokens tokens) {
    this.tokens = tokens;
  }

  /** The token for the page's hidden field: the browser's own if it is still good, else a new one. */
  String issue(Context ctx) {
    String current = ctx.cookie(COOKIE);
    if (tokens.signed(current)) {
      return current;
    }
    String fresh = tokens.issue();
    ctx.cookie(new Cookie(COOKIE, fresh, "/", -1, true, true, null, SameSite.STRICT));
    return fresh;
  }

  /** True when the posted form's token matches the browser's cookie and is signed by this server. */
  boolean valid(Context ctx) {
    return tokens.valid(ctx.cookie(COOKIE), ctx.formParam(Guard.CSRF_FIELD));
  }
}
