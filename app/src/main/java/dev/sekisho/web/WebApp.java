package dev.sekisho.web;

import dev.sekisho.backup.BackupFormat;
import dev.sekisho.crypto.HashingPermits;
import dev.sekisho.crypto.PasswordHasher;
import dev.sekisho.i18n.Messages;
import dev.sekisho.web.auth.FormTokens;
import dev.sekisho.web.auth.HashPermits;
import dev.sekisho.web.auth.LoginThrottle;
import dev.sekisho.web.auth.SessionStore;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import jakarta.servlet.ServletException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the admin panel: wires the controllers to their routes behind the {@link Guard}. It only wires;
 * the behaviour lives in the controllers. The returned server is configured but not started.
 */
public final class WebApp {
  private static final Logger LOG = LoggerFactory.getLogger(WebApp.class);

  /** Idle time after which a session ends. */
  static final Duration SESSION_IDLE = Duration.ofMinutes(30);
  /** Wrong passwords (or setup tokens) from one address before it is locked out. */
  static final int MAX_FAILURES = 5;
  /** How long a locked-out address waits. */
  static final Duration LOCKOUT = Duration.ofSeconds(30);
  /** Wrong passwords or setup tokens from all addresses together within {@link #GLOBAL_WINDOW}. */
  static final int GLOBAL_MAX_FAILURES = 100;
  /** The window of {@link #GLOBAL_MAX_FAILURES}. */
  static final Duration GLOBAL_WINDOW = Duration.ofMinutes(10);
  /** Argon2id runs at once (64 MiB each), and how long a request waits for one before a 503. */
  static final int HASH_PERMITS = 2;
  static final Duration HASH_WAIT = Duration.ofSeconds(10);

  private WebApp() {}

  /** The configured, not yet started, admin panel, served over HTTPS by {@code https}. */
  public static Javalin create(WebDeps deps, Https https) {
    Times times = new Times(deps.clock());
    AuditTrail audit = new AuditTrail(deps.auditStore(), deps.clock());
    ConfigService config = new ConfigService(deps.configStore(),
        ApplyFlow.frozenWhileWaiting(deps.safeApply(), times), audit);
    ApplyFlow flow = new ApplyFlow(config, deps.appliedStore(), deps.safeApply(), times, audit);
    SessionStore sessions = new SessionStore(deps.clock(), SESSION_IDLE, deps.sessionMaxAge());
    LoginThrottle throttle = new LoginThrottle(deps.clock(), MAX_FAILURES, LOCKOUT, GLOBAL_MAX_FAILURES,
        GLOBAL_WINDOW);
    // One set of permits for every memory-hard hash: login, setup, re-authentication and backup keys.
    HashingPermits hashingPermits = new HashingPermits(HASH_PERMITS, HASH_WAIT);
    HashPermits hashing = new HashPermits(hashingPermits);
    PasswordHasher hasher = PasswordHasher.DEFAULT;
    Views views = new Views(config, deps.appliedStore(), deps.noticeStore(), flow, times, https)
        .withWanWarning(deps.wanWarning()).withPendingDecisions(deps.pendingDecisions());
    FormCsrf forms = new FormCsrf(new FormTokens());
    ApiKeys apiKeys = new ApiKeys(deps.apiKeyStore(), deps.clock());
    // Wrong API keys share the login throttle: the same counts, lock-outs and 429s (see ApiGuard).
    Guard guard = new Guard(sessions, deps.adminStore(), forms, new ApiGuard(apiKeys, throttle, audit));

    SetupController setup = new SetupController(deps.adminStore(), sessions, throttle, hasher, hashing, views,
        forms, deps.setupToken(), audit, config);
    LoginController login = new LoginController(deps.adminStore(), sessions, throttle, hasher, hashing, views,
        forms, audit);
    PasswordCheck reauth = new PasswordCheck(deps.adminStore(), throttle, hasher, hashing, audit);
    PasswordController password = new PasswordController(deps.adminStore(), sessions, reauth, views, audit);
    LanguageController language = new LanguageController(deps.adminStore());
    DashboardController dashboard = new DashboardController(config, deps.appliedStore(), views, times);
    InterfaceController interfaces = new InterfaceController(config, views);
    HostController hosts = new HostController(config, views);
    RuleController rules = new RuleController(config, views, times);
    ObjectController objects = new ObjectController(config, views, times);
    ExplainController explain = new ExplainController(config, flow, views, deps.domains());
    NatController nat = new NatController(config, views);
    ForwardController forwards = new ForwardController(config, views);
    SettingsController settings = new SettingsController(config, views, reauth, times);
    DnsSettingsController dnsSettings = new DnsSettingsController(config, views, deps.dns());
    CertificateController certificate = new CertificateController(https, views, times, reauth, audit);
    ApplyController apply = new ApplyController(config, flow, deps.noticeStore(), views, times);
    BackupController backup = new BackupController(config, flow, deps.adminStore(), views, times,
        hashingPermits, audit, deps.auditStore()).reauthenticateWith(reauth);
    RevisionController revisions = new RevisionController(deps.revisionStore(), config, views, times, audit);
    AuditController auditPage = new AuditController(deps.auditStore(), views, times);
    FlowStreams streams = new FlowStreams(f -> LiveView.build(deps.flows(), config.load(), f, times, deps.domains()),
        sessions::alive);
    FlowController flows = new FlowController(config, deps.flows(), views, times, streams, deps.domains());
    DecisionService decisionService = new DecisionService(config, deps.appliedStore(), deps.safeApply(),
        deps.pendingDecisions(), deps.clock(), audit);
    FlowStreams inboxStreams = new FlowStreams(DecisionController.EVENT,
        f -> DecisionController.view(decisionService, config.load(), times), sessions::alive);
    DecisionController decisions = new DecisionController(config, decisionService, views, times, inboxStreams);
    ApiKeysController apiKeysPage = new ApiKeysController(apiKeys, reauth, views, times, audit);
    ApiApplyHandlers apiApply = new ApiApplyHandlers(config, flow, times);
    List<ApiRoutes.Route> api = ApiRoutes.table(new ApiConfigHandlers(config), new ApiRuleHandlers(config, deps.clock()), apiApply,
        new ApiHistoryHandlers(deps.revisionStore(), config, flow, apiApply, times, audit, deps.auditStore(),
            hashingPermits),
        new ApiReadHandlers(config, deps.flows(), times, deps.auditStore()), new ApiExplainHandlers(config, flow),
        new ApiObjectHandlers(config), new ApiForwardHandlers(config),
        new ApiDecisionHandlers(config, decisionService, times));

    return Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      https.configure(cfg);
      cfg.http.maxRequestSize = 64 * 1024; // forms are small; refuse anything bigger early
      // Jetty's own answers (400, 414, 431, …) carry the panel's security headers too.
      cfg.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
      cfg.staticFiles.add(s -> {
        s.hostedPath = "/static";
        s.directory = "/static";
        s.location = Location.CLASSPATH;
      });
      // Backups are uploaded as multipart; keep them in memory (never in a temporary file) and bounded.
      cfg.jetty.multipartConfig.maxFileSize(BackupFormat.MAX_BYTES, SizeUnit.BYTES);
      cfg.jetty.multipartConfig.maxInMemoryFileSize(BackupFormat.MAX_BYTES, SizeUnit.BYTES);
      cfg.jetty.multipartConfig.maxTotalRequestSize(BackupController.MAX_UPLOAD_REQUEST, SizeUnit.BYTES);
      // Before the guard, whose CSRF check would otherwise read an oversized body first.
      cfg.routes.before("/backup/restore", backup::refuseOversized);
      cfg.routes.before(AuditTrail::enter);
      cfg.routes.before(guard::handle);
      cfg.routes.after(ctx -> {
        AuditTrail.leave();
        Lang.leave();
      });

      cfg.routes.get("/setup", setup::show);
      cfg.routes.post("/setup", setup::submit);
      cfg.routes.get("/login", login::show);
      cfg.routes.post("/login", login::submit);
      cfg.routes.post("/logout", login::logout);
      cfg.routes.post("/language", language::choose);
      cfg.routes.post("/account/zone", language::zone);
      cfg.routes.get("/account/password", password::show);
      cfg.routes.post("/account/password", password::submit);

      cfg.routes.get("/", dashboard::show);

      cfg.routes.get("/interfaces", interfaces::list);
      cfg.routes.get("/interfaces/new", interfaces::newForm);
      cfg.routes.post("/interfaces", interfaces::create);
      cfg.routes.get("/interfaces/{name}/edit", interfaces::editForm);
      cfg.routes.post("/interfaces/{name}", interfaces::update);
      cfg.routes.post("/interfaces/{name}/delete", interfaces::delete);

      cfg.routes.get("/objects", objects::list);
      cfg.routes.get("/objects/{kind}/new", objects::newForm);
      cfg.routes.post("/objects/{kind}", objects::create);
      cfg.routes.get("/objects/{kind}/{id}/edit", objects::editForm);
      cfg.routes.post("/objects/{kind}/{id}", objects::update);
      cfg.routes.post("/objects/{kind}/{id}/delete", objects::delete);

      cfg.routes.get("/hosts", hosts::list);
      cfg.routes.get("/hosts/new", hosts::newForm);
      cfg.routes.post("/hosts", hosts::create);
      cfg.routes.get("/hosts/{id}/edit", hosts::editForm);
      cfg.routes.post("/hosts/{id}", hosts::update);
      cfg.routes.post("/hosts/{id}/delete", hosts::delete);

      cfg.routes.get("/rules", rules::list);
      cfg.routes.get("/rules/new", rules::newForm);
      cfg.routes.post("/rules", rules::create);
      cfg.routes.get("/rules/{id}/edit", rules::editForm);
      cfg.routes.post("/rules/{id}", rules::update);
      cfg.routes.post("/rules/{id}/delete", rules::delete);
      cfg.routes.post("/rules/{id}/move", rules::move);
      cfg.routes.post("/rules/{id}/toggle", rules::toggle);
      cfg.routes.post("/settings/policy", rules::policy);
      cfg.routes.post("/settings/unknown-devices", rules::unknownDevices);
      cfg.routes.get("/explain", explain::page);

      cfg.routes.get("/settings", settings::show);
      cfg.routes.post("/settings", settings::submit);
      cfg.routes.post("/settings/time-zone", settings::timeZone);
      cfg.routes.get("/settings/dns", dnsSettings::show);
      cfg.routes.post("/settings/dns", dnsSettings::submit);
      cfg.routes.get("/settings/api-keys", apiKeysPage::show);
      cfg.routes.post("/settings/api-keys", apiKeysPage::create);
      cfg.routes.post("/settings/api-keys/{id}/revoke", apiKeysPage::revoke);
      cfg.routes.get("/settings/certificate", certificate::show);
      cfg.routes.post("/settings/certificate", certificate::upload);

      cfg.routes.get("/nat", nat::show);
      cfg.routes.post("/nat", nat::submit);
      cfg.routes.get("/nat/forwards/new", forwards::newForm);
      cfg.routes.post("/nat/forwards", forwards::create);
      cfg.routes.get("/nat/forwards/{id}/edit", forwards::editForm);
      cfg.routes.post("/nat/forwards/{id}", forwards::update);
      cfg.routes.post("/nat/forwards/{id}/delete", forwards::delete);
      cfg.routes.post("/nat/forwards/{id}/toggle", forwards::toggle);

      cfg.routes.get("/apply/preview", apply::preview);
      cfg.routes.post("/apply", apply::apply);
      cfg.routes.post("/apply/now", apply::applyNow);
      cfg.routes.get("/apply/pending", apply::pending);
      cfg.routes.post("/apply/confirm", apply::confirm);
      cfg.routes.get("/apply", apply::report);
      cfg.routes.post("/notices/{id}/dismiss", apply::dismiss);
      cfg.routes.get("/ruleset", apply::ruleset);

      cfg.routes.get("/backup", backup::show);
      cfg.routes.get("/backup/export", backup::exportPlain);
      cfg.routes.post("/backup/export", backup::exportEncrypted);
      cfg.routes.post("/backup/restore", backup::upload);
      cfg.routes.get("/backup/restore/preview", backup::preview);
      cfg.routes.post("/backup/restore/apply", backup::apply);
      cfg.routes.post("/backup/restore/cancel", backup::cancel);
      cfg.routes.get("/ruleset/export", backup::exportRuleset);
      // diff before {id}: the first matching route wins
      cfg.routes.get("/revisions", revisions::list);
      cfg.routes.get("/revisions/diff", revisions::diff);
      cfg.routes.get("/revisions/{id}", revisions::show);
      cfg.routes.post("/revisions/{id}/rollback", revisions::rollback);

      cfg.routes.get("/audit", auditPage::page);

      // The REST API: one route table (ApiRoutes), guarded by a bearer key instead of the session (ApiGuard).
      ApiRoutes.register(cfg.routes, api);

      cfg.routes.get("/flows", flows::page);
      cfg.routes.get("/flows/stream", flows::stream);
      // Open event streams would otherwise hold the server's stop until they time out.
      cfg.events.serverStopping(streams::close);

      cfg.routes.get("/decisions", decisions::page);
      cfg.routes.get("/decisions/stream", decisions::stream);
      cfg.routes.post("/decisions/bounds", decisions::bounds);
      cfg.routes.post("/decisions/hosts/{id}/{choice}", decisions::decideHost);
      cfg.routes.post("/decisions/{id}/{choice}", decisions::decide);
      cfg.events.serverStopping(inboxStreams::close);

      cfg.routes.exception(NotFound.class, (e, ctx) -> ctx.status(404));
      cfg.routes.exception(ConfigService.Frozen.class, (e, ctx) -> {
        // Already in the request's language (ApplyFlow.frozenWhileWaiting runs in the refused request).
        Web.error(ctx, dev.sekisho.i18n.Message.plain(e.getMessage()));
        Web.seeOther(ctx, "/apply/pending");
      });
      cfg.routes.exception(ServletException.class, BackupController::unreadableForm);
      cfg.routes.exception(HashingPermits.Busy.class, (e, ctx) -> {
        LOG.warn("request {} {} refused: {}", ctx.method(), ctx.path(), e.getMessage());
        ctx.header("Retry-After", "10");
        errorPage(views, ctx, 503, "error.busy.title", "error.busy.text");
      });
      // An Error (OutOfMemoryError above all) in one request fails that request, never the server: capture,
      // live streams and the rollback timer run in the same process.
      cfg.router.javaLangErrorHandler((res, error) -> {
        LOG.error("request failed with {}", error.toString(), error);
        res.setStatus(503);
      });
      cfg.routes.exception(Exception.class, (e, ctx) -> {
        LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
        errorPage(views, ctx, 500, "error.internal.title", "error.internal.text");
      });
      cfg.routes.error(404, ctx -> {
        if (ApiGuard.isApi(ctx.path())) {
          ApiRoutes.unmatched(ctx);
          return;
        }
        errorPage(views, ctx, 404, "error.not_found.title", "error.not_found.text");
      });
    });
  }

  /** The error page with the texts under these keys, in the request's language. */
  private static void errorPage(Views views, Context ctx, int status, String titleKey, String textKey) {
    java.util.Locale locale = Views.language(ctx).locale();
    String title = Messages.format(locale, titleKey);
    String text = Messages.format(locale, textKey);
    try {
      views.render(ctx, status, "error", Map.of("title", title, "text", text));
    } catch (RuntimeException e) {
      // The error page itself failed (e.g. the store is down): fall back to plain text, never a stack trace.
      LOG.error("error page failed", e);
      ctx.status(status).contentType("text/plain; charset=utf-8").result(title + ". " + text);
    }
  }
}
