package dev.sekisho.web;

import dev.sekisho.i18n.Message;
import dev.sekisho.web.auth.Session;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;

/** Small request helpers shared by the controllers: the session, its cookie, redirects and flashes. */
final class Web {
  /**
   * The session cookie's name. The {@code __Host-} prefix makes browsers accept it only with Secure, Path=/
   * and no Domain, so neither plain HTTP nor another host or subdomain can set or shadow it.
   */
  static final String COOKIE = "__Host-sekisho_session";
  private static final String SESSION_ATTR = "sekisho.session";

  private Web() {}

  /** The request's live session, or null (resolved once per request by the guard). */
  static Session session(Context ctx) {
    return ctx.attribute(SESSION_ATTR);
  }

  static void setSession(Context ctx, Session s) {
    ctx.attribute(SESSION_ATTR, s);
  }

  /** Makes {@code s} the request's session and sends its cookie. */
  static void startSession(Context ctx, Session s) {
    setSession(ctx, s);
    ctx.cookie(cookie(s.id(), -1));
  }

  /** Tells the browser to forget the session cookie. */
  static void clearCookie(Context ctx) {
    ctx.cookie(cookie("", 0));
  }

  private static Cookie cookie(String value, int maxAge) {
    // HttpOnly: scripts never see the id. SameSite=Strict: other sites cannot make the browser send it.
    // Secure: the panel is served only over HTTPS (plain HTTP gets nothing but a redirect).
    return new Cookie(COOKIE, value, "/", maxAge, true, true, null, SameSite.STRICT);
  }

  /** Post/redirect/get: a 303 so the browser follows with a GET. */
  static void seeOther(Context ctx, String location) {
    ctx.redirect(location, HttpStatus.SEE_OTHER);
  }

  /** Queues a success message for the next page: the text under {@code key} (a bundle key) with {@code args}. */
  static void success(Context ctx, String key, Object... args) {
    flash(ctx, Session.Flash.Kind.SUCCESS, Message.of(key, args));
  }

  /** Queues an error message for the next page: the text under {@code key} with {@code args}. */
  static void error(Context ctx, String key, Object... args) {
    flash(ctx, Session.Flash.Kind.ERROR, Message.of(key, args));
  }

  /** Queues an error message for the next page. */
  static void error(Context ctx, Message text) {
    flash(ctx, Session.Flash.Kind.ERROR, text);
  }

  private static void flash(Context ctx, Session.Flash.Kind kind, Message text) {
    Session s = session(ctx);
    if (s != null) {
      s.flash(kind, text);
    }
  }

  /** Parses a numeric path id; null for anything else, which the caller turns into a 404. */
  static Long idParam(Context ctx) {
    String raw = ctx.pathParam("id");
    if (raw.isEmpty() || raw.length() > 18 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    return Long.parseLong(raw);
  }

  /** The numeric path id; anything else names nothing, so it ends the request with a 404. */
  static long requireId(Context ctx) {
    Long id = idParam(ctx);
    if (id == null) {
      throw new NotFound();
    }
    return id;
  }
}
