package dev.sekisho.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sekisho.config.Config;
import dev.sekisho.config.PortForward;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * The API's port forwards: list, read, create, replace, delete. The body's members are the forward form's
 * fields and go through the same {@link ForwardController#save}, so the checks and messages are the form's,
 * located as {@code forwards[2].wanPorts}.
 *
 * <p>In the body, {@code host} is a host id, or absent/null with {@code target} the server's LAN address;
 * {@code targetPort} is absent or null for the same port(s); {@code allowedSources} is a list of IPv4
 * addresses or networks (absent or empty: any source); {@code reflection} and {@code enabled} default to true
 * and {@code log} to false.
 */
final class ApiForwardHandlers {
  private static final Set<String> BOOLEANS = Set.of("reflection", "log", "enabled");

  private final ConfigService config;

  ApiForwardHandlers(ConfigService config) {
    this.config = config;
  }

  void list(Context ctx) {
    ApiJson.send(ctx, 200, ApiShapes.forwards(config.load()));
  }

  void get(Context ctx) {
    Config c = config.load();
    ApiJson.send(ctx, 200, ApiShapes.of(c, find(c, Web.requireId(ctx))));
  }

  void create(Context ctx) {
    Form f = forwardForm(ctx);
    long[] id = new long[1];
    Config saved = edit(f, c -> {
      id[0] = c.nextForwardId();
      return ForwardController.save(c, f, id[0]);
    }, c -> "forwards[" + c.forwards().size() + "]");
    ctx.header("Location", "/api/v1/forwards/" + id[0]);
    ApiJson.send(ctx, 201, ApiShapes.of(saved, saved.forward(id[0]).orElseThrow()));
  }

  void update(Context ctx) {
    long id = Web.requireId(ctx);
    Form f = forwardForm(ctx);
    Config saved = edit(f, c -> {
      find(c, id);
      return ForwardController.save(c, f, id);
    }, c -> "forwards[" + indexOf(c, id) + "]");
    ApiJson.send(ctx, 200, ApiShapes.of(saved, saved.forward(id).orElseThrow()));
  }

  void delete(Context ctx) {
    long id = Web.requireId(ctx);
    config.update(c -> {
      find(c, id);
      return c.withoutForward(id);
    });
    ctx.status(204);
  }

  private static Form forwardForm(Context ctx) {
    ObjectNode body = ApiJson.object(ctx, Set.copyOf(ForwardController.FIELDS), "");
    Form f = ApiConfigHandlers.form(body, ForwardController.FIELDS, BOOLEANS);
    for (String on : List.of("reflection", "enabled")) {
      if (!body.has(on) || body.get(on).isNull()) {
        f.set(on, "on");
      }
    }
    return f;
  }

  private Config edit(Form f, java.util.function.UnaryOperator<Config> change,
      java.util.function.Function<Config, String> prefix) {
    return new ApiConfigHandlers(config).located(() -> config.update(change).after(), prefix, f);
  }

  private static PortForward find(Config c, long id) {
    return c.forward(id).orElseThrow(() -> ApiProblem.notFound("no port forward #" + id));
  }

  private static int indexOf(Config c, long id) {
    for (int i = 0; i < c.forwards().size(); i++) {
      if (c.forwards().get(i).id() == id) {
        return i;
      }
    }
    return c.forwards().size();
  }
}
