package dev.sekisho.web;

import dev.sekisho.i18n.Language;
import dev.sekisho.i18n.Message;
import dev.sekisho.i18n.Messages;
import dev.sekisho.store.AdminStore;
import dev.sekisho.web.auth.Session;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

/**
 * The language (and time zone) of the request being served. Chosen once per request by {@link Guard}: the
 * admin's stored choice after login, else the language cookie (set by the switch, also before login), else
 * the browser's {@code Accept-Language}, else English. Like {@link AuditTrail} it is remembered per thread
 * between {@link #enter} and {@link #leave}, so that code without the request at hand (a {@link Form}
 * message, {@link Times}) speaks the reader's language; outside a request it is English and the
 * appliance's zone.
 */
final class Lang {
  /** The cookie that remembers the switch before login (and for a browser that is not logged in). */
  static final String COOKIE = "__Host-sekisho_lang";
  /** The query parameter of the login and setup pages' language links. */
  static final String PARAM = "lang";
  /** The request attribute holding the chosen {@link Language}. */
  static final String ATTRIBUTE = "sekisho.language";
  /** The time zone ids Java knows, sorted, for the account page's list. */
  static final java.util.List<String> ZONE_IDS = ZoneId.getAvailableZoneIds().stream().sorted().toList();
  private static final int COOKIE_SECONDS = 365 * 24 * 3600;
  private static final ThreadLocal<Language> LANGUAGE = new ThreadLocal<>();
  private static final ThreadLocal<ZoneId> ZONE = new ThreadLocal<>();

  private Lang() {}

  /** Decides and remembers the request's language and zone (called by the guard once the session is known). */
  static void enter(Context ctx, Session session, AdminStore admin, boolean publicPage) {
    boolean authenticated = session != null && session.authenticated();
    Language chosen = null;
    if (publicPage && "GET".equals(ctx.req().getMethod())) {
      // The login and setup pages switch by a link: a preference in a cookie, no server state changes.
      chosen = Language.of(ctx.queryParam(PARAM)).orElse(null);
      if (chosen != null) {
        remember(ctx, chosen);
      }
    }
    if (chosen == null && authenticated) {
      chosen = admin.language().flatMap(Language::of).orElse(null);
    }
    if (chosen == null) {
      chosen = Language.of(ctx.cookie(COOKIE)).orElse(null);
    }
    if (chosen == null) {
      chosen = Language.fromAcceptLanguage(ctx.header("Accept-Language")).orElse(Language.EN);
    }
    LANGUAGE.set(chosen);
    ZONE.set(authenticated ? admin.timeZone().flatMap(Lang::zone).orElse(null) : null);
    ctx.attribute(ATTRIBUTE, chosen);
  }

  /** Forgets the request's language (an after-handler). */
  static void leave() {
    LANGUAGE.remove();
    ZONE.remove();
  }

  /** Sets the language for the rest of this request (after the switch). */
  static void use(Language l) {
    LANGUAGE.set(l);
  }

  /** Sends the cookie that remembers the language in this browser. */
  static void remember(Context ctx, Language l) {
    ctx.cookie(new Cookie(COOKIE, l.tag(), "/", COOKIE_SECONDS, true, true, null, SameSite.STRICT));
  }

  /** The request's language; English outside a request. */
  static Language current() {
    Language l = LANGUAGE.get();
    return l == null ? Language.EN : l;
  }

  /** The request's locale. */
  static Locale locale() {
    return current().locale();
  }

  /** The admin's chosen time zone, if any (null: the appliance's zone). */
  static ZoneId zone() {
    return ZONE.get();
  }

  /** The text under {@code key} in the request's language. */
  static String t(String key, Object... args) {
    return Messages.format(locale(), key, args);
  }

  /** The message in the request's language. */
  static String text(Message m) {
    return Messages.format(locale(), m);
  }

  /** A time zone id as the admin may store it, if Java knows it. */
  static Optional<ZoneId> zone(String id) {
    if (id == null || id.isBlank() || id.length() > 64) {
      return Optional.empty();
    }
    try {
      return Optional.of(ZoneId.of(id.strip()));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }
}
