package dev.sekisho.web;

import dev.sekisho.capture.FlowQuery;
import dev.sekisho.capture.IpAddress;
import dev.sekisho.capture.IpProtocols;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import dev.sekisho.i18n.Language;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The live flow page's filter as the browser sent it (query parameters of {@code /flows} and
 * {@code /flows/stream}), checked field by field. A field that cannot be understood is reported next to
 * the field and the page shows no flows, rather than quietly ignoring the field and showing too many.
 */
final class FlowFilter {
  /** The query parameters, in the order the form shows them. */
  static final List<String> FIELDS = List.of("host", "address", "port", "protocol", "q", "sort", "limit", "page");
  /** The furthest page (of the asked row limit) one may ask for. */
  static final int MAX_PAGE = 10_000;
  /** The row limits offered; the capture caps any query at {@link FlowQuery#MAX_LIMIT}. */
  static final List<Integer> LIMITS = List.of(50, 200, 1000, FlowQuery.MAX_LIMIT);
  static final int DEFAULT_LIMIT = 200;
  private static final int MAX_TEXT = 100;

  private final Form form;
  private final FlowQuery query;
  private final Language language;

  private FlowFilter(Form form, FlowQuery query, Language language) {
    this.form = form;
    this.query = query;
    this.language = language;
  }

  /** Reads and checks the request's filter parameters. */
  static FlowFilter from(Context ctx) {
    Map<String, String> raw = new LinkedHashMap<>();
    for (String f : FIELDS) {
      String v = ctx.queryParam(f);
      raw.put(f, v == null ? "" : v.strip());
    }
    return of(raw);
  }

  /** Checks the given parameter values (missing ones are empty). */
  static FlowFilter of(Map<String, String> raw) {
    Form f = new Form();
    raw.forEach((k, v) -> {
      if (FIELDS.contains(k) && v != null) {
        f.set(k, v.strip());
      }
    });
    for (String name : List.of("host", "address", "protocol", "q")) {
      if (f.value(name).length() > MAX_TEXT) {
        f.reject(name, Lang.t("problem.filter.too_long", MAX_TEXT));
      }
    }
    if (!f.value("address").isEmpty() && IpAddress.parse(f.value("address")) == null) {
      f.reject("address", Lang.t("problem.filter.address"));
    }
    Integer port = null;
    String p = f.value("port");
    if (!p.isEmpty()) {
      if (p.matches("[0-9]{1,5}") && Integer.parseInt(p) <= 65535) {
        port = Integer.parseInt(p);
      } else {
        f.reject("port", Lang.t("problem.filter.port"));
      }
    }
    String proto = f.value("protocol").toLowerCase(Locale.ROOT);
    if (!proto.isEmpty() && !proto.equals("any") && IpProtocols.parse(proto) < 0) {
      f.reject("protocol", Lang.t("problem.filter.protocol"));
    }
    FlowQuery.Sort sort = FlowQuery.Sort.BYTES;
    String s = f.value("sort").toUpperCase(Locale.ROOT);
    if (!s.isEmpty()) {
      try {
        sort = FlowQuery.Sort.valueOf(s);
      } catch (IllegalArgumentException e) {
        f.reject("sort", Lang.t("problem.filter.sort"));
      }
    }
    f.set("sort", sort.name().toLowerCase(Locale.ROOT));
    int limit = DEFAULT_LIMIT;
    String l = f.value("limit");
    if (!l.isEmpty()) {
      if (l.matches("[0-9]{1,6}") && Integer.parseInt(l) >= 1) {
        limit = Math.min(Integer.parseInt(l), FlowQuery.MAX_LIMIT);
      } else {
        f.reject("limit", Lang.t("problem.filter.limit", FlowQuery.MAX_LIMIT));
      }
    }
    f.set("limit", Integer.toString(limit));
    // Long lists are read a page at a time: page n shows the n-th run of "limit" rows (issue 15).
    int page = 1;
    String pg = f.value("page");
    if (!pg.isEmpty()) {
      if (pg.matches("[0-9]{1,5}") && Integer.parseInt(pg) >= 1 && Integer.parseInt(pg) <= MAX_PAGE) {
        page = Integer.parseInt(pg);
        f.set("page", page == 1 ? "" : Integer.toString(page));
      } else {
        f.reject("page", Lang.t("problem.filter.page", MAX_PAGE));
      }
    }
    FlowQuery q = f.hasErrors() ? null : new FlowQuery(f.value("host"), f.value("address"), port,
        proto.equals("any") ? null : proto, f.value("q"), sort, limit,
        (int) Math.min(FlowQuery.MAX_OFFSET, (long) (page - 1) * limit));
    // The stream's updates are built on another thread: they keep the language of the request that opened it.
    return new FlowFilter(f, q, Lang.current());
  }

  /** The language of the request that asked for this view. */
  Language language() {
    return language;
  }

  /** The field values and errors, for the form. */
  Form form() {
    return form;
  }

  /** The query to run, or null when a field is invalid (then nothing is shown). */
  FlowQuery query() {
    return query;
  }

  /** The row limit asked for. */
  int limit() {
    return Integer.parseInt(form.value("limit"));
  }

  /** The page asked for, from 1. */
  int page() {
    String p = form.value("page");
    return p.isEmpty() || !p.matches("[0-9]{1,5}") ? 1 : Integer.parseInt(p);
  }

  /** The same filter's query string for another page (without '?'). */
  String queryString(int page) {
    return FIELDS.stream().filter(n -> n.equals("page") ? page > 1 : !form.value(n).isEmpty())
        .map(n -> n + "=" + URLEncoder.encode(n.equals("page") ? Integer.toString(page) : form.value(n),
            StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** The non-empty fields as a query string (without '?'), for the stream URL and links. */
  String queryString() {
    return FIELDS.stream().filter(n -> !form.value(n).isEmpty())
        .map(n -> n + "=" + URLEncoder.encode(form.value(n), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
