package dev.sekisho.web;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.config.Config;
import dev.sekisho.i18n.Language;
import dev.sekisho.i18n.Messages;
import dev.sekisho.store.AppliedStore;
import dev.sekisho.store.NoticeStore;
import dev.sekisho.web.auth.Session;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders Thymeleaf pages with what every page needs: the session's CSRF token for its forms, the flash
 * messages, and (for the admin) whether the draft differs from what the kernel runs.
 */
final class Views {
  private final TemplateEngine engine;
  private final ConfigService config;
  private final AppliedStore applied;
  private final NoticeStore notices;
  private final ApplyFlow flow;
  private final Times times;
  private String wanWarning = "";
  private dev.sekisho.store.PendingDecisionStore pendingDecisions;
  private final Https https;

  Views(ConfigService config, AppliedStore applied, NoticeStore notices, ApplyFlow flow, Times times,
      Https https) {
    this.https = https;
    this.config = config;
    this.applied = applied;
    this.notices = notices;
    this.flow = flow;
    this.times = times;
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
    resolver.setPrefix("templates/");
    resolver.setSuffix(".html");
    resolver.setTemplateMode(TemplateMode.HTML);
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCacheable(true);
    engine = new TemplateEngine();
    engine.setTemplateResolver(resolver);
    engine.setMessageResolver(new BundleMessages());
  }

  /** Shows this warning on every page, login and setup included (the panel listens on the WAN). */
  Views withWanWarning(String warning) {
    this.wanWarning = warning == null ? "" : warning;
    return this;
  }

  /** Shows the number of pending decisions (decisions inbox) in every admin page's navigation. */
  Views withPendingDecisions(dev.sekisho.store.PendingDecisionStore store) {
    this.pendingDecisions = store;
    return this;
  }

  /** Renders with status 200. */
  void render(Context ctx, String template, Map<String, Object> model) {
    render(ctx, 200, template, model);
  }

  /** Renders the template with the given status (400 for a form with errors). */
  void render(Context ctx, int status, String template, Map<String, Object> model) {
    ctx.status(status).html(process(ctx, template, model));
    // Explicit charset: the pages carry non-ASCII text (host names, comments) and must not be sniffed.
    ctx.contentType("text/html; charset=utf-8");
  }

  String process(Context ctx, String template, Map<String, Object> model) {
    Map<String, Object> vars = new HashMap<>(model);
    Session s = Web.session(ctx);
    boolean admin = s != null && s.authenticated();
    vars.putIfAbsent("csrf", s == null ? "" : s.csrfToken()); // the login and setup forms bring their own
    Language language = language(ctx);
    Locale locale = language.locale();
    vars.put("flashes", s == null ? List.of() : s.takeFlashes().stream()
        .map(f -> new ShownFlash(f.css(), Messages.format(locale, f.text()))).toList());
    vars.put("lang", language.tag());
    vars.put("scriptTexts", scriptTexts(language));
    vars.put("timeZone", Lang.zone() == null ? "" : Lang.zone().getId());
    vars.put("applianceZone", times.clock().getZone().getId());
    vars.put("zoneIds", Lang.ZONE_IDS);
    vars.put("languages", Language.values());
    // Where the language switch returns to: this page (a GET's path and query; a re-shown form's path).
    String query = ctx.queryString();
    vars.put("here", "GET".equals(ctx.req().getMethod()) && query != null && !query.isEmpty()
        ? ctx.path() + "?" + query : ctx.path());
    vars.put("admin", admin);
    vars.putIfAbsent("nav", "");
    vars.put("wanWarning", wanWarning);
    // Shown before the password is typed (login, setup) so the admin can compare it with the browser's.
    vars.put("tlsFingerprint", https.current().fingerprint());
    if (admin) {
      vars.put("unapplied", unapplied(config.load(), applied.current()));
      vars.put("notices", notices.open().stream().map(n -> new ShownNotice(n.id(), times.format(n.createdAt()),
          Messages.format(locale, n.text()), n.details() == null ? "" : n.details())).toList());
      vars.put("waiting", flow.waiting().map(w -> times.format(w.deadline())).orElse(""));
      vars.put("pendingDecisions", pendingDecisions == null ? 0 : pendingDecisions.count());
    } else {
      vars.put("pendingDecisions", 0);
      vars.put("unapplied", false);
      vars.put("notices", List.of());
      vars.put("waiting", "");
    }
    return engine.process(template, new org.thymeleaf.context.Context(locale, vars));
  }

  /** The language the guard chose for this request (English if it never ran, e.g. for a Jetty error). */
  static Language language(Context ctx) {
    Language l = ctx.attribute(Lang.ATTRIBUTE);
    return l == null ? Lang.current() : l;
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private static final java.util.Map<Language, String> SCRIPT_TEXTS = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The texts {@code static/sekisho.js} shows (the bundle's {@code js.*} keys) as a JSON object, for the
   * body's {@code data-texts}: the script never carries text of its own, and never builds HTML from it.
   */
  static String scriptTexts(Language l) {
    return SCRIPT_TEXTS.computeIfAbsent(l, lang -> {
      Map<String, String> texts = new java.util.TreeMap<>();
      for (String key : Messages.keys(Language.EN)) {
        if (key.startsWith("js.")) {
          texts.put(key, Messages.pattern(lang, key) != null ? Messages.pattern(lang, key)
              : Messages.pattern(Language.EN, key));
        }
      }
      try {
        return JSON.writeValueAsString(texts);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** A flash message as the layout shows it. */
  record ShownFlash(String css, String text) {}

  /** A notice as the layout shows it. */
  record ShownNotice(long id, String at, String message, String details) {}

  /** True when the draft is not what the kernel was last given (or nothing was ever applied). */
  static boolean unapplied(Config draft, Optional<AppliedState> current) {
    return current.map(a -> !a.config().equals(draft)).orElse(true);
  }
}
