package dev.sekisho.web;

import dev.sekisho.crypto.HashingPermits;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API's one route table: {@link WebApp} registers exactly these, and every handler runs inside
 * {@link #answering}, which turns whatever ends a request early into a problem document (so bad input is a 4xx
 * with its location, never a 500 or a panel page). {@code /api/openapi.json} describes the same routes; a test
 * reads the registered ones from Javalin's router and compares.
 */
final class ApiRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
  /** Where the OpenAPI document is on the classpath. */
  static final String OPENAPI_RESOURCE = "/static/api/openapi.json";

  /** One route: method, Javalin path ({@code /api/v1/rules/{id}}), handler. */
  record Route(HandlerType method, String path, Handler handler) {}

  private ApiRoutes() {}

  /** The API's routes over the given handlers. */
  static List<Route> table(ApiConfigHandlers cfg, ApiRuleHandlers rules, ApiApplyHandlers apply,
      ApiHistoryHandlers history, ApiReadHandlers read, ApiExplainHandlers explain, ApiObjectHandlers objects,
      ApiForwardHandlers forwards, ApiDecisionHandlers decisions) {
    List<Route> all = new java.util.ArrayList<>(table(cfg, rules, apply, history, read, explain, objects, forwards));
    String v1 = "/api/v1";
    // decisions inbox; hosts/{id} before {id}: the first matching route wins
    all.add(get(v1 + "/decisions", decisions::list));
    all.add(post(v1 + "/decisions/hosts/{id}", decisions::decideHost));
    all.add(post(v1 + "/decisions/{id}", decisions::decide));
    return List.copyOf(all);
  }

  /** The API's routes over the given handlers, without the decisions inbox's. */
  static List<Route> table(ApiConfigHandlers cfg, ApiRuleHandlers rules, ApiApplyHandlers apply,
      ApiHistoryHandlers history, ApiReadHandlers read, ApiExplainHandlers explain, ApiObjectHandlers objects,
      ApiForwardHandlers forwards) {
    String v1 = "/api/v1";
    return List.of(
        get(v1 + "/interfaces", cfg::interfaces),
        post(v1 + "/interfaces", cfg::createInterface),
        get(v1 + "/interfaces/{name}", cfg::iface),
        put(v1 + "/interfaces/{name}", cfg::updateInterface),
        delete(v1 + "/interfaces/{name}", cfg::deleteInterface),
        get(v1 + "/hosts", cfg::hosts),
        post(v1 + "/hosts", cfg::createHost),
        get(v1 + "/hosts/{id}", cfg::host),
        put(v1 + "/hosts/{id}", cfg::updateHost),
        delete(v1 + "/hosts/{id}", cfg::deleteHost),
        get(v1 + "/groups", objects::list),
        post(v1 + "/groups", objects::create),
        get(v1 + "/groups/{id}", objects::get),
        put(v1 + "/groups/{id}", objects::update),
        delete(v1 + "/groups/{id}", objects::delete),
        get(v1 + "/address-lists", objects::list),
        post(v1 + "/address-lists", objects::create),
        get(v1 + "/address-lists/{id}", objects::get),
        put(v1 + "/address-lists/{id}", objects::update),
        delete(v1 + "/address-lists/{id}", objects::delete),
        get(v1 + "/services", objects::list),
        post(v1 + "/services", objects::create),
        get(v1 + "/services/{id}", objects::get),
        put(v1 + "/services/{id}", objects::update),
        delete(v1 + "/services/{id}", objects::delete),
        get(v1 + "/schedules", objects::list),
        post(v1 + "/schedules", objects::create),
        get(v1 + "/schedules/{id}", objects::get),
        put(v1 + "/schedules/{id}", objects::update),
        delete(v1 + "/schedules/{id}", objects::delete),
        get(v1 + "/rules", rules::list),
        post(v1 + "/rules", rules::create),
        // order before {id}: the first matching route wins
        put(v1 + "/rules/order", rules::reorder),
        get(v1 + "/rules/{id}", rules::get),
        put(v1 + "/rules/{id}", rules::update),
        delete(v1 + "/rules/{id}", rules::delete),
        post(v1 + "/rules/{id}/move", rules::move),
        post(v1 + "/rules/{id}/toggle", rules::toggle),
        get(v1 + "/forwards", forwards::list),
        post(v1 + "/forwards", forwards::create),
        get(v1 + "/forwards/{id}", forwards::get),
        put(v1 + "/forwards/{id}", forwards::update),
        delete(v1 + "/forwards/{id}", forwards::delete),
        get(v1 + "/policy", cfg::policy),
        put(v1 + "/policy", cfg::setPolicy),
        get(v1 + "/nat", cfg::nat),
        put(v1 + "/nat", cfg::setNat),
        get(v1 + "/settings", cfg::settings),
        put(v1 + "/settings", cfg::setSettings),
        get(v1 + "/settings/dns", cfg::dnsSettings),
        put(v1 + "/settings/dns", cfg::setDnsSettings),
        get(v1 + "/apply/preview", apply::preview),
        post(v1 + "/apply", apply::apply),
        post(v1 + "/apply/confirm", apply::confirm),
        post(v1 + "/apply/now", apply::applyNow),
        get(v1 + "/apply/status", apply::status),
        get(v1 + "/ruleset", apply::ruleset),
        get(v1 + "/revisions", history::list),
        get(v1 + "/revisions/diff", history::diff),
        get(v1 + "/revisions/{id}", history::show),
        post(v1 + "/revisions/{id}/rollback", history::rollback),
        get(v1 + "/backup", history::export),
        post(v1 + "/backup/restore", history::upload),
        get(v1 + "/backup/restore", history::preview),
        post(v1 + "/backup/restore/apply", history::applyRestore),
        delete(v1 + "/backup/restore", history::cancel),
        get(v1 + "/flows", read::flows),
        get(v1 + "/blocked", read::blocked),
        get(v1 + "/audit", read::audit),
        get(v1 + "/explain", explain::explain));
  }

  /** Registers the table, and the OpenAPI document, each handler inside {@link #answering}. */
  static void register(RoutesConfig routes, List<Route> table) {
    byte[] openapi = openapi();
    routes.get(ApiGuard.OPENAPI, ctx -> ctx.contentType("application/json").result(openapi));
    for (Route r : table) {
      routes.addHttpHandler(r.method(), r.path(), answering(r.handler()));
    }
  }

  /** The checked-in OpenAPI document. */
  static byte[] openapi() {
    try (InputStream in = ApiRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the OpenAPI document " + OPENAPI_RESOURCE + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code h}; anything that ends the request early becomes the matching problem document. */
  static Handler answering(Handler h) {
    return ctx -> {
      try {
        h.handle(ctx);
      } catch (ApiProblem p) {
        p.send(ctx);
      } catch (NotFound e) {
        ApiProblem.notFound("no such item").send(ctx);
      } catch (ConfigService.Frozen e) {
        new ApiProblem(409, "apply-waiting", e.getMessage()).send(ctx);
      } catch (HashingPermits.Busy e) {
        new ApiProblem(503, "busy", "the appliance is busy with password or backup checks; nothing was changed",
            List.of(), 10).send(ctx);
      } catch (Exception e) {
        LOG.error("API request {} {} failed", ctx.method(), ctx.path(), e);
        new ApiProblem(500, "internal", "the appliance hit an internal error; the details are in its log")
            .send(ctx);
      }
    };
  }

  /** For the 404 handler: an API path no route matched gets a problem document, not the panel's page. */
  static void unmatched(Context ctx) {
    String type = ctx.res().getContentType();
    if (type == null || !type.startsWith("application/problem+json")) {
      new ApiProblem(404, "no-such-route", "there is no API route " + ctx.method() + " " + ctx.path()
          + "; see /api/openapi.json").send(ctx);
    }
  }

  private static Route get(String path, Handler h) {
    return new Route(HandlerType.GET, path, h);
  }

  private static Route post(String path, Handler h) {
    return new Route(HandlerType.POST, path, h);
  }

  private static Route put(String path, Handler h) {
    return new Route(HandlerType.PUT, path, h);
  }

  private static Route delete(String path, Handler h) {
    return new Route(HandlerType.DELETE, path, h);
  }
}
