package dev.sekisho.web;

import dev.sekisho.crypto.TestTrust;
import dev.sekisho.crypto.TlsIdentity;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A minimal browser for tests: talks HTTPS trusting exactly the appliance's certificate, keeps its own
 * cookies, never follows redirects (so tests see every 303), and remembers the last {@code _csrf} value it
 * saw in a page.
 */
final class Browser {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"");

  private final HttpClient http;
  private final String base;
  final Map<String, String> cookies = new LinkedHashMap<>();
  String csrf;

  /** A page as received. */
  record Page(int status, String body, HttpResponse<String> response) {
    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    List<String> headers(String name) {
      return response.headers().allValues(name);
    }

    String location() {
      return header("Location");
    }
  }

  /** Talks HTTPS to 127.0.0.1:{@code port}, trusting only the appliance's certificate {@code trust}. */
  Browser(int port, TlsIdentity trust) {
    this.base = "https://127.0.0.1:" + port;
    this.http = TestTrust.client(trust).connectTimeout(Duration.ofSeconds(5)).build();
  }

  Page get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  /** Posts the form as-is (no token added). */
  Page postRaw(String path, Map<String, String> form) {
    return send(formRequest(path, form));
  }

  /** Posts the form with the token and one extra request header (e.g. what a page script sends). */
  Page postWithHeader(String path, Map<String, String> form, String header, String value) {
    Map<String, String> f = new LinkedHashMap<>(form);
    f.put("_csrf", csrf == null ? "" : csrf);
    return send(formRequest(path, f).header(header, value));
  }

  private HttpRequest.Builder formRequest(String path, Map<String, String> form) {
    String body = form.entrySet().stream()
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
    return HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  /** Posts the form with the last seen CSRF token. */
  Page post(String path, Map<String, String> form) {
    Map<String, String> f = new LinkedHashMap<>(form);
    f.put("_csrf", csrf == null ? "" : csrf);
    return postRaw(path, f);
  }

  /** Loads a page first (to pick up its token), then posts. */
  Page postFrom(String formPage, String path, Map<String, String> form) {
    Page p = get(formPage);
    if (p.status() != 200) {
      throw new AssertionError("GET " + formPage + " gave " + p.status());
    }
    return post(path, form);
  }

  String session() {
    return cookies.get(Web.COOKIE);
  }

  /** The Accept-Language header this browser sends (null: none). */
  String acceptLanguage;

  private Page send(HttpRequest.Builder b) {
    if (acceptLanguage != null) {
      b.header("Accept-Language", acceptLanguage);
    }
    if (!cookies.isEmpty()) {
      b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("; ")));
    }
    try {
      HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      for (String sc : r.headers().allValues("Set-Cookie")) {
        String pair = sc.split(";", 2)[0];
        int eq = pair.indexOf('=');
        String name = pair.substring(0, eq).strip();
        String value = pair.substring(eq + 1).strip();
        if (value.isEmpty() || sc.toLowerCase().contains("max-age=0")) {
          cookies.remove(name);
        } else {
          cookies.put(name, value);
        }
      }
      Matcher m = CSRF.matcher(r.body());
      if (m.find()) {
        csrf = m.group(1);
      }
      return new Page(r.statusCode(), r.body(), r);
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
