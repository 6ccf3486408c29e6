package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sekisho.capture.CaptureException;
import dev.sekisho.capture.CaptureStatus;
import dev.sekisho.config.Action;
import dev.sekisho.config.Cidr;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live flows page and its event stream over a fake flow source: login, server-side filtering and
 * sorting, counters, prefilled rule and host links, and escaping of whatever the capture reports.
 */
class FlowsWebTest extends WebTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOSTILE = "<script>window.pwned=1</script>";

  FakeFlows flows;
  final ExecutorService readers = Executors.newCachedThreadPool();

  @BeforeEach
  void withFlows() {
    h.close();
    flows = new FakeFlows(Harness.START);
    h = new Harness(dir, flows);
    h.configs.save(config());
  }

  @AfterEach
  void stopReaders() {
    readers.shutdownNow();
  }

  /** The test LAN with an allow rule first (#5) and the logged deny that blocked the fake event (#12). */
  static Config config() {
    return lan()
        .withRule(new Rule(5, null, Cidr.parse("198.51.100.0/24"), Protocol.TCP, PortRange.of(80), Action.ALLOW,
            false, Comment.parse("web ok"), true))
        .withRule(new Rule(12, 1L, Cidr.parse("203.0.113.10/32"), Protocol.TCP, PortRange.of(443), Action.DENY, true,
            Comment.parse("no https for R&D 'lab'"), true));
  }

  private JsonNode view(Browser b, String query) throws Exception {
    Browser.Page p = b.get("/flows/stream" + query);
    assertEquals(200, p.status(), p.body());
    assertTrue(p.header("Content-Type").startsWith("application/json"), p.header("Content-Type"));
    return JSON.readTree(p.body());
  }

  private static List<String> remotes(JsonNode v) {
    List<String> out = new ArrayList<>();
    v.get("flows").forEach(f -> out.add(f.get("remote").asText()));
    return out;
  }

  @Test
  void pageAndStreamNeedALogin() {
    h.admin.setPasswordHash(PASSWORD_HASH);
    Browser anon = h.browser();
    for (String path : List.of("/flows", "/flows?port=443", "/flows/stream", "/flows/stream?sort=rate")) {
      Browser.Page p = anon.get(path);
      assertEquals(303, p.status(), path);
      assertEquals("/login", p.location(), path);
      assertFalse(p.body().contains("203.0.113"), path + " shows nothing of the flows");
    }
  }

  @Test
  void filteringAndSortingHappenOnTheServer() throws Exception {
    Browser b = loggedIn();
    assertEquals(List.of("203.0.113.10:443", "203.0.113.20:53", "198.51.100.7:80", "203.0.113.10"),
        remotes(view(b, "")), "by bytes, the default");
    assertEquals(List.of("198.51.100.7:80", "203.0.113.10:443", "203.0.113.20:53", "203.0.113.10"),
        remotes(view(b, "?sort=rate")));
    assertEquals(List.of("198.51.100.7:80", "203.0.113.10", "203.0.113.20:53", "203.0.113.10:443"),
        remotes(view(b, "?sort=recent")));
    assertEquals(List.of("203.0.113.10:443", "198.51.100.7:80"), remotes(view(b, "?host=LAPTOP")));
    assertEquals(List.of("203.0.113.10:443"), remotes(view(b, "?port=443")));
    assertEquals(List.of("203.0.113.20:53"), remotes(view(b, "?protocol=udp")));
    assertEquals(List.of("203.0.113.10:443", "203.0.113.10"), remotes(view(b, "?address=203.0.113.10")));
    assertEquals(List.of("203.0.113.20:53", "203.0.113.10"), remotes(view(b, "?q=02:00:00:00:00:50")));

    JsonNode limited = view(b, "?limit=1");
    assertEquals(1, limited.get("flows").size());
    assertEquals(1, limited.get("shown").asInt());
    assertEquals(4, limited.get("matched").asInt());
    assertEquals(4, limited.get("total").asInt());

    String page = b.get("/flows?protocol=udp").body();
    assertTrue(page.contains("203.0.113.20:53"), page);
    assertFalse(page.contains("203.0.113.10:443"), "filtered out in the first render too");
  }

  @Test
  void anInvalidFilterSaysSoAndShowsNothing() throws Exception {
    Browser b = loggedIn();
    Browser.Page p = b.get("/flows?port=99999&address=not-an-ip");
    assertEquals(400, p.status());
    assertTrue(p.body().contains("a port is a number from 0 to 65535"), p.body());
    assertTrue(p.body().contains("not an IPv4 or IPv6 address"), p.body());
    assertTrue(p.body().contains("No flows match."), "never everything instead");
    assertFalse(p.body().contains("data-stream=\"/flows"), "no stream for a filter that cannot run");
    assertEquals(400, b.get("/flows/stream?port=x").status());
  }

  @Test
  void countersAreAlwaysShown() throws Exception {
    Browser b = loggedIn();
    String page = b.get("/flows?limit=1").body();
    Map<String, String> expected = Map.of("shown", "1", "matched", "4", "total", "4", "expired", "3",
        "evicted", "2", "malformed", "4", "truncated", "1", "kernelDropped", "7", "ifDropped", "0", "max", "65,536");
    expected.forEach((key, value) -> {
      Matcher m = Pattern.compile("<li[^>]*data-key=\"" + key + "\"[^>]*><strong>([^<]*)</strong>").matcher(page);
      assertTrue(m.find(), key + " is shown: " + page);
      assertEquals(value, m.group(1), key);
    });
    for (String key : List.of("evicted", "shown", "kernelDropped", "malformed")) {
      assertTrue(page.contains("<li data-key=\"" + key + "\" class=\"warn\">"), key + " is flagged");
    }
    assertTrue(page.contains("<li data-key=\"expired\">"), "expiry is normal, not flagged");
    JsonNode v = view(b, "?limit=1");
    List<String> keys = new ArrayList<>();
    v.get("counters").forEach(c -> keys.add(c.get("key").asText()));
    assertTrue(keys.containsAll(expected.keySet()), keys.toString());
  }

  @Test
  void aCaptureThatCannotStartIsReportedWithItsReason() {
    flows.status = new CaptureStatus(CaptureStatus.State.FAILED, CaptureException.Reason.NO_SUCH_INTERFACE,
        "interface eth9 does not exist here", Harness.START);
    Browser b = loggedIn();
    Browser.Page p = b.get("/flows");
    assertEquals(200, p.status());
    assertTrue(p.body().contains("Flow capture cannot run: interface eth9 does not exist here (no such interface"),
        p.body());
    assertTrue(p.body().contains("notice-error"), p.body());
  }

  @Test
  void withoutACaptureThePageSaysSo() {
    h.close();
    h = new Harness(dir);
    Browser b = loggedIn();
    Browser.Page p = b.get("/flows");
    assertEquals(200, p.status());
    assertTrue(p.body().contains("Live capture is not enabled on this appliance."), p.body());
  }

  @Test
  void allowAndBlockLinksPrefillTheRuleForm() throws Exception {
    Browser b = loggedIn();
    JsonNode v = view(b, "?port=443");
    JsonNode f = v.get("flows").get(0);
    assertEquals("/rules/new?source=1&destination=203.0.113.10%2F32&protocol=tcp&ports=443&action=allow"
        + "&comment=allowed+from+the+live+flows&before=5", f.get("allowHref").asText());
    assertEquals("/rules/new?source=1&destination=203.0.113.10%2F32&protocol=tcp&ports=443&action=deny&log=on"
        + "&comment=blocked+from+the+live+flows&before=5", f.get("blockHref").asText());
    JsonNode unknownUdp = view(b, "?protocol=udp").get("flows").get(0);
    assertEquals("/rules/new?source=unknown&sourceIp=192.168.1.50&sourceMac=02%3A00%3A00%3A00%3A00%3A50"
        + "&destination=203.0.113.20%2F32&protocol=udp&ports=53&action=allow&comment=allowed+from+the+live+flows"
        + "&before=5", unknownUdp.get("allowHref").asText());
    JsonNode blocked = v.get("blocked").get(0);
    assertEquals("#12 'no https for R&D 'lab''", blocked.get("rule").asText());
    assertEquals("/rules/new?source=1&destination=203.0.113.10%2F32&protocol=tcp&ports=443&action=allow"
        + "&comment=allow+what+rule+12+blocked&before=12", blocked.get("allowHref").asText());
    assertTrue(b.get("/flows").body().contains("blocked by rule #12 &#39;no https for R&amp;D &#39;lab&#39;&#39;"));

    // The form shows exactly that, and saving puts the rule above the one that blocked it.
    String form = b.get(blocked.get("allowHref").asText()).body();
    assertTrue(form.contains("<option value=\"1\" selected=\"selected\">laptop (192.168.1.20)</option>"), form);
    assertTrue(form.contains("id=\"destination\" name=\"destination\" type=\"text\" value=\"203.0.113.10/32\""), form);
    assertTrue(form.contains("id=\"ports\" name=\"ports\" type=\"text\" value=\"443\""), form);
    assertTrue(form.contains("<option value=\"allow\" selected=\"selected\">allow</option>"), form);
    assertTrue(form.contains("<option value=\"tcp\" selected=\"selected\">tcp</option>"), form);
    assertTrue(form.contains("<option value=\"12\" selected=\"selected\">Above rule #12"), form);
    Browser.Page saved = b.post("/rules", Map.of("source", "1", "destination", "203.0.113.10/32", "protocol", "tcp",
        "ports", "443", "action", "allow", "comment", "allow what rule 12 blocked", "enabled", "on", "before", "12"));
    assertEquals(303, saved.status(), saved.body());
    List<Long> order = h.configs.load().rules().stream().map(Rule::id).toList();
    assertEquals(List.of(5L, 13L, 12L), order, "the allow goes right above the deny");

    // An unknown source cannot be saved as is: the admin adds the host or chooses a source.
    String unknownForm = b.get(unknownUdp.get("allowHref").asText()).body();
    assertTrue(unknownForm.contains("192.168.1.50 is not in the inventory"), unknownForm);
    assertTrue(unknownForm.contains("href=\"/hosts/new?mac=02%3A00%3A00%3A00%3A00%3A50&amp;ip=192.168.1.50\""),
        unknownForm);
    Browser.Page refused = b.post("/rules", Map.of("source", "unknown", "destination", "203.0.113.20/32",
        "protocol", "udp", "ports", "53", "action", "allow", "enabled", "on"));
    assertEquals(400, refused.status());
    assertTrue(refused.body().contains("choose a host from the list, or All LAN hosts"), refused.body());
    assertEquals(3, h.configs.load().rules().size());
  }

  @Test
  void unknownHostsLinkToAPrefilledHostForm() throws Exception {
    Browser b = loggedIn();
    JsonNode v = view(b, "");
    assertEquals(1, v.get("unknown").size());
    JsonNode u = v.get("unknown").get(0);
    assertEquals("02:00:00:00:00:50", u.get("mac").asText());
    assertEquals("/hosts/new?mac=02%3A00%3A00%3A00%3A00%3A50&ip=192.168.1.50", u.get("addHref").asText());
    String form = b.get(u.get("addHref").asText()).body();
    assertTrue(form.contains("id=\"name\" name=\"name\" type=\"text\" value=\"\""), "name left empty: " + form);
    assertTrue(form.contains("value=\"192.168.1.50\""), form);
    assertTrue(form.contains("value=\"02:00:00:00:00:50\""), form);
    assertTrue(b.get("/flows").body()
        .contains("href=\"/hosts/new?mac=02%3A00%3A00%3A00%3A00%3A50&amp;ip=192.168.1.50\""));
  }

  @Test
  void namesFromTheCaptureAreEscapedInHtmlAndJson() throws Exception {
    flows.forcedName = HOSTILE;
    Browser b = loggedIn();
    String page = b.get("/flows").body();
    assertFalse(page.contains(HOSTILE), "never raw in the page");
    assertFalse(page.contains("<script>window"), page);
    assertTrue(page.contains("&lt;script&gt;window.pwned=1&lt;/script&gt;"), page);

    Browser.Page raw = b.get("/flows/stream");
    assertFalse(raw.body().contains("<"), "no markup characters in the JSON at all: " + raw.body());
    assertTrue(raw.body().contains("\\u003Cscript\\u003Ewindow.pwned=1\\u003C/script\\u003E"), raw.body());
    assertEquals(HOSTILE, JSON.readTree(raw.body()).get("flows").get(0).get("host").asText(), "text survives");
    assertFalse(raw.body().contains("'"), "quotes in comments are escaped too");
    assertEquals("#12 'no https for R&D 'lab''", JSON.readTree(raw.body()).get("blocked").get(0).get("rule").asText());
    // Rule prefill from a hostile query string: only ever a field's value.
    String form = b.get("/rules/new?comment=%22%3E%3Cscript%3Ex%3C%2Fscript%3E&destination=%3Cb%3E").body();
    assertFalse(form.contains("<script>x"), form);
    assertTrue(form.contains("value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\""), form);
  }

  @Test
  void openStreamsAreBounded() throws Exception {
    HttpClient http = h.http();
    List<InputStream> open = new ArrayList<>();
    try {
      // Every slot can be used, a few per session (one session may not take them all).
      for (int s = 0; s < FlowStreams.MAX_STREAMS / FlowStreams.MAX_PER_SESSION; s++) {
        Browser b = loggedIn();
        for (int i = 0; i < FlowStreams.MAX_PER_SESSION; i++) {
          HttpResponse<InputStream> r = http.send(streamRequest(b), HttpResponse.BodyHandlers.ofInputStream());
          assertEquals(200, r.statusCode());
          open.add(r.body());
          assertTrue(r.body().read() >= 0, "the stream's first update arrives");
        }
      }
      HttpResponse<InputStream> refused = http.send(streamRequest(loggedIn()),
          HttpResponse.BodyHandlers.ofInputStream());
      open.add(refused.body());
      assertEquals(503, refused.statusCode(), "the ninth stream is refused");
    } finally {
      for (InputStream in : open) {
        in.close();
      }
    }
  }

  @Test
  void parallelOpensFromOneSessionTakeAtMostItsShare() throws Exception {
    Browser greedy = loggedIn();
    HttpClient http = h.http();
    List<java.util.concurrent.CompletableFuture<HttpResponse<InputStream>>> sent = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      sent.add(http.sendAsync(streamRequest(greedy), HttpResponse.BodyHandlers.ofInputStream()));
    }
    List<InputStream> open = new ArrayList<>();
    try {
      int accepted = 0;
      for (var f : sent) {
        HttpResponse<InputStream> r = f.get(20, java.util.concurrent.TimeUnit.SECONDS);
        if (r.statusCode() == 200) {
          accepted++;
          open.add(r.body());
        } else {
          assertEquals(503, r.statusCode());
          r.body().close();
        }
      }
      assertTrue(accepted <= FlowStreams.MAX_PER_SESSION, accepted + " streams opened by one session");
      HttpResponse<InputStream> other = http.send(streamRequest(loggedIn()),
          HttpResponse.BodyHandlers.ofInputStream());
      open.add(other.body());
      assertEquals(200, other.statusCode(), "another session still gets a stream");
    } finally {
      for (InputStream in : open) {
        in.close();
      }
    }
  }

  private HttpRequest streamRequest(Browser b) {
    return HttpRequest.newBuilder(URI.create(h.base() + "/flows/stream"))
        .header("Accept", "text/event-stream").header("Cookie", Web.COOKIE + "=" + b.session())
        .timeout(Duration.ofSeconds(10)).GET().build();
  }

  @Test
  void theStreamPushesJsonAndEndsWithTheSession() throws Exception {
    Browser b = loggedIn();
    HttpClient http = h.http();
    HttpRequest req = HttpRequest.newBuilder(URI.create(h.base() + "/flows/stream?port=443"))
        .header("Accept", "text/event-stream").header("Cookie", Web.COOKIE + "=" + b.session())
        .timeout(Duration.ofSeconds(10)).GET().build();
    HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
    Future<List<String>> first = readers.submit(() -> {
      List<String> lines = new ArrayList<>();
      for (String line = in.readLine(); line != null && lines.size() < 20; line = in.readLine()) {
        if (line.isEmpty() && !lines.isEmpty()) {
          break;
        }
        lines.add(line);
      }
      return lines;
    });
    List<String> event = first.get(5, TimeUnit.SECONDS);
    assertTrue(event.contains("event: " + FlowStreams.EVENT), event.toString());
    String data = event.stream().filter(l -> l.startsWith("data: ")).findFirst().orElseThrow().substring(6);
    JsonNode v = JSON.readTree(data);
    assertEquals(List.of("203.0.113.10:443"), remotes(v), "the stream runs the page's filter");

    // A change in the capture reaches the stream within about one tick.
    flows.forcedName = "renamed";
    Future<String> next = readers.submit(() -> {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("data: ") && line.contains("renamed")) {
          return line;
        }
      }
      return null;
    });
    assertTrue(next.get(3, TimeUnit.SECONDS) != null);

    // Logging out ends the stream: it does not outlive (or extend) the session.
    b.post("/logout", Map.of());
    Future<Boolean> ended = readers.submit(() -> {
      while (in.readLine() != null) {
        // drain until the server closes
      }
      return true;
    });
    assertTrue(ended.get(5, TimeUnit.SECONDS));
  }

  @Test
  void theStreamCarriesOnAfterAnOutOfMemoryErrorOnItsTicker() throws Exception {
    HttpResponse<InputStream> r = h.http().send(streamRequest(loggedIn()), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, r.statusCode());
    BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
    Future<String> first = readers.submit(() -> {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("data: ")) {
          return line;
        }
      }
      return null;
    });
    assertTrue(first.get(5, TimeUnit.SECONDS) != null);
    // The next three views the ticker builds fail with an OutOfMemoryError (before the fix the first one
    // ended the ticker for good, and every open page froze).
    flows.outOfMemory.set(3);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (flows.outOfMemory.get() > 0 && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    assertEquals(0, flows.outOfMemory.get(), "the ticker ran into the errors");
    flows.forcedName = "after-the-error";
    Future<String> next = readers.submit(() -> {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("data: ") && line.contains("after-the-error")) {
          return line;
        }
      }
      return null;
    });
    assertTrue(next.get(5, TimeUnit.SECONDS) != null, "updates still arrive");
  }
}
