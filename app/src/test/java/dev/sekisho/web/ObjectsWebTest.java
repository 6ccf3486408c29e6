package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.Ipv4;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The objects page: groups, lists and services added, edited and deleted through the panel's forms, errors at
 * their fields with nothing saved, a list uploaded as a file with bad lines reported by number, deleting what
 * a rule uses refused, and rules naming objects, in both languages.
 */
class ObjectsWebTest extends WebTestBase {

  static Config twoHosts() {
    return lan().withHost(new Host(2, "tablet", null, Ipv4.parse("192.168.1.21")));
  }

  @Test
  void groupsListsAndServicesThroughTheForms() {
    h.configs.save(twoHosts());
    Browser b = loggedIn();
    Browser.Page g = b.postFrom("/objects/groups/new", "/objects/groups", Map.of("name", "kids devices",
        "members", "2,1"));
    assertEquals(303, g.status(), g.body());
    assertEquals(List.of(2L, 1L), h.configs.load().group(100).orElseThrow().members());
    Browser.Page l = b.post("/objects/lists", Map.of("name", "update servers",
        "entries", "# the vendor's\n203.0.113.0/24\n2001:db8:113::/48, 198.51.100.7\n"));
    assertEquals(303, l.status(), l.body());
    assertEquals(3, h.configs.load().addressList(101).orElseThrow().entries().size());
    Browser.Page s = b.post("/objects/services", Map.of("name", "game server", "entries", "udp 27015-27030, tcp 27015"));
    assertEquals(303, s.status(), s.body());
    String page = b.get("/objects").body();
    assertTrue(page.contains("kids devices") && page.contains("tablet, laptop"), page);
    assertTrue(page.contains("3 entries: 203.0.113.0/24, 2001:db8:113::/48, 198.51.100.7"), page);
    assertTrue(page.contains("udp 27015-27030, tcp 27015") && page.contains("HTTPS") && page.contains("built-in"), page);

    // a rule with all three
    Browser.Page rule = b.post("/rules", Map.of("source", "g100", "destination", "", "destinationList", "101",
        "service", "102", "protocol", "tcp", "ports", "", "action", "allow", "comment", "kids: updates",
        "enabled", "on"));
    assertEquals(303, rule.status(), rule.body());
    var r = h.configs.load().rules().get(0);
    assertEquals(100L, r.sourceGroupId());
    assertEquals(101L, r.destinationListId());
    assertEquals(102L, r.serviceId());
    String rules = b.get("/rules").body();
    assertTrue(rules.contains("group kids devices") && rules.contains("list update servers")
        && rules.contains("game server (udp 27015-27030, tcp 27015)"), rules);
    assertTrue(b.get("/rules/" + r.id() + "/edit").body().contains("<option value=\"g100\" selected=\"selected\">"),
        "the edit form shows the group");

    // renaming keeps the reference; deleting what a rule uses is refused
    assertEquals(303, b.post("/objects/groups/100", Map.of("name", "kids", "members", "1,2")).status());
    assertEquals(100L, h.configs.load().rules().get(0).sourceGroupId());
    Config before = h.configs.load();
    assertEquals(303, b.post("/objects/lists/101/delete", Map.of()).status());
    assertEquals(before, h.configs.load());
    assertTrue(b.get("/objects").body().contains("Object #101 is not deleted: 1 rule(s) use it: #" + r.id()));
    // a host in a group is not deleted either
    Config withMember = h.configs.load();
    assertEquals(303, b.post("/hosts/2/delete", Map.of()).status());
    assertEquals(withMember, h.configs.load());
    // the preview shows the objects and the ruleset names their sets
    String preview = b.get("/apply/preview").body();
    assertTrue(preview.contains("Group kids (#100)") && preview.contains("set grp_100")
        && preview.contains("ip saddr @grp_100 ip daddr @list_101"), preview);
  }

  @Test
  void aForwardAdmitsItsSourcesFromAListAndTheListIsNotDeletedWhileItDoes() {
    h.configs.save(twoHosts().withInterfaces(List.of(twoHosts().interfaces().get(0), new dev.sekisho.config.NetInterface(
        "eth1", dev.sekisho.config.Role.WAN, dev.sekisho.config.InterfaceAddress.parse("198.51.100.2/24")))));
    Browser b = loggedIn();
    assertEquals(303, b.postFrom("/objects/lists/new", "/objects/lists", Map.of("name", "partners",
        "entries", "203.0.113.0/24")).status());
    String form = b.get("/nat/forwards/new").body();
    assertTrue(form.contains("<option value=\"100\">partners (1 entries)</option>"), form);
    Browser.Page both = b.post("/nat/forwards", Map.of("protocol", "tcp", "wanPorts", "8443", "host", "1",
        "targetPort", "443", "allowedSources", "192.0.2.7", "allowedList", "100", "comment", "", "enabled", "on"));
    assertEquals(400, both.status());
    HostTest.assertFieldError(both.body(), "allowedList", "not both");
    Browser.Page ok = b.post("/nat/forwards", Map.of("protocol", "tcp", "wanPorts", "8443", "host", "1",
        "targetPort", "443", "allowedSources", "", "allowedList", "100", "comment", "", "enabled", "on"));
    assertEquals(303, ok.status(), ok.body());
    assertEquals(100L, h.configs.load().forward(1).orElseThrow().allowedListId());
    assertTrue(b.get("/nat").body().contains("list partners"));
    assertTrue(b.get("/apply/preview").body().contains("ip saddr @list_100 dnat ip to 192.168.1.20:443"));
    Config before = h.configs.load();
    assertEquals(303, b.post("/objects/lists/100/delete", Map.of()).status());
    assertEquals(before, h.configs.load());
    assertTrue(b.get("/objects").body().contains("port forward(s) #1 admit their sources from it"));
  }

  @Test
  void badObjectsAreErrorsAtTheirFieldsAndNothingChanges() {
    h.configs.save(twoHosts());
    Browser b = loggedIn();
    Browser.Page name = b.postFrom("/objects/groups/new", "/objects/groups", Map.of("name", "bad\"; name",
        "members", "1"));
    assertEquals(400, name.status());
    HostTest.assertFieldError(name.body(), "name", "name contains");
    Browser.Page member = b.post("/objects/groups", Map.of("name", "x", "members", "1,99"));
    HostTest.assertFieldError(member.body(), "members", "host id 99 is not in the inventory");
    Browser.Page lines = b.post("/objects/lists", Map.of("name", "bad", "entries",
        "10.0.0.0/8\n10.0.0.0/33\n# fine\nnonsense"));
    assertEquals(400, lines.status());
    HostTest.assertFieldError(lines.body(), "entries", "line 2: prefix length 33 is out of range 0-32");
    assertTrue(lines.body().contains("line 4: &#39;nonsense&#39; is not an IPv4 address"), lines.body());
    for (String port : List.of("tcp 0", "tcp 65536")) {
      Browser.Page svc = b.post("/objects/services", Map.of("name", "s", "entries", port));
      assertEquals(400, svc.status(), port);
      HostTest.assertFieldError(svc.body(), "entries", "out of range 1-65535");
    }
    Browser.Page dup = b.post("/objects/services", Map.of("name", "https", "entries", "tcp 8443"));
    HostTest.assertFieldError(dup.body(), "name", "already called");
    assertEquals(twoHosts(), h.configs.load());
    // in Japanese too
    b.acceptLanguage = "ja";
    Browser.Page ja = b.post("/objects/lists", Map.of("name", "bad", "entries", "10.0.0.0/33"));
    assertTrue(ja.body().contains("1 行目: プレフィックス長 33 は 0〜32 の範囲外です"), ja.body());
    assertTrue(b.get("/objects").body().contains("ホストグループ"));
  }

  @Test
  void aListUploadedAsAFileIsRead() throws Exception {
    h.configs.save(twoHosts());
    Browser b = loggedIn();
    b.get("/objects/lists/new");
    StringBuilder file = new StringBuilder("# block list\n");
    for (int i = 0; i < 20_000; i++) {
      file.append("198.18.").append(i / 256).append('.').append(i % 256).append('\n');
    }
    int status = upload(b, "/objects/lists", Map.of("name", "block list", "entries", "192.0.2.0/24"),
        file.toString().getBytes(StandardCharsets.UTF_8));
    assertEquals(303, status);
    assertEquals(20_001, h.configs.load().addressList(100).orElseThrow().entries().size());
    int bad = upload(b, "/objects/lists", Map.of("name", "broken", "entries", ""),
        "192.0.2.1\n192.0.2.300\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(400, bad);
  }

  private int upload(Browser b, String path, Map<String, String> fields, byte[] file) throws Exception {
    String boundary = "----sekisho" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    Map<String, String> all = new java.util.LinkedHashMap<>(fields);
    all.put("_csrf", b.csrf == null ? "" : b.csrf);
    for (Map.Entry<String, String> f : all.entrySet()) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
          + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"list.txt\""
        + "\r\nContent-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(file);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(h.base() + path))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    r.header("Cookie", b.cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("; ")));
    try {
      return h.http().send(r.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
