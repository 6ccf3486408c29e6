package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sekisho.config.Action;
import dev.sekisho.config.Config;
import dev.sekisho.config.ParseException;
import dev.sekisho.config.Policy;
import dev.sekisho.config.UnknownDevices;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Rule;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Interfaces, hosts, rules, policy, NAT and settings over the API: the panel's operations, the forms' errors. */
class ApiConfigTest extends ApiTestBase {

  static Map<String, Object> rule(Object source, String protocol, Object ports, String action, String comment) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", source);
    m.put("protocol", protocol);
    m.put("ports", ports);
    m.put("action", action);
    m.put("comment", comment);
    return m;
  }

  @Test
  void interfacesAreListedAddedChangedAndDeleted() {
    assertEquals(2, api.get("/api/v1/interfaces").json().size());
    ApiClient.Reply added = api.post("/api/v1/interfaces", Map.of("name", "eth2", "role", "lan",
        "address", "10.0.0.1/24"));
    assertEquals(201, added.status(), added.body());
    assertEquals("/api/v1/interfaces/eth2", added.header("Location"));
    assertEquals("10.0.0.1/24", api.get("/api/v1/interfaces/eth2").json().get("address").textValue());
    ApiClient.Reply renamed = api.put("/api/v1/interfaces/eth2", Map.of("name", "eth3", "role", "lan"));
    assertEquals(200, renamed.status(), renamed.body());
    assertTrue(renamed.json().get("address").isNull(), "DHCP");
    ApiClient.Reply dup = api.post("/api/v1/interfaces", Map.of("name", "eth0", "role", "lan"));
    assertEquals(400, dup.status());
    assertEquals(List.of("interfaces[3].name: there is already an interface called eth0"), dup.errors());
    ApiClient.Reply deleted = api.delete("/api/v1/interfaces/eth1");
    assertEquals(200, deleted.status());
    assertEquals("eth1", deleted.json().get("deleted").textValue());
    assertEquals(404, api.get("/api/v1/interfaces/eth1").status());
    assertEquals(List.of("eth0", "eth3"), h.configs.load().interfaces().stream().map(i -> i.name()).toList());
  }

  @Test
  void hostsWithTheFormsCheckedFieldsAndARefusedDeleteWhileARuleNamesThem() {
    ApiClient.Reply bad = api.post("/api/v1/hosts", Map.of("name", "nas", "ip", "192.168.1.300", "mac", "zz"));
    assertEquals(400, bad.status());
    assertEquals("invalid", bad.problem());
    List<String> errors = bad.errors();
    assertEquals(2, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith("hosts[1].ip: "), errors.toString());
    assertTrue(errors.get(1).startsWith("hosts[1].mac: "), errors.toString());
    // The same message the host form shows for the same input.
    admin.get("/hosts/new");
    Browser.Page form = admin.post("/hosts", Map.of("name", "nas", "ip", "192.168.1.300", "mac", "zz"));
    assertTrue(form.body().contains(errors.get(1).substring("hosts[1].mac: ".length()).replace("'", "&#39;")),
        form.body());

    ApiClient.Reply nas = api.post("/api/v1/hosts", Map.of("name", "nas", "ip", "192.168.1.30"));
    assertEquals(201, nas.status(), nas.body());
    long id = nas.json().get("id").longValue();
    assertEquals("nas", api.get("/api/v1/hosts/" + id).json().get("name").textValue());
    assertEquals("02:00:00:00:00:01", api.put("/api/v1/hosts/" + id, Map.of("name", "nas", "ip", "192.168.1.31",
        "mac", "02:00:00:00:00:01")).json().get("mac").textValue());
    assertEquals(201, api.post("/api/v1/rules", rule(id, "tcp", 445, "deny", "no smb")).status());
    ApiClient.Reply refused = api.delete("/api/v1/hosts/" + id);
    assertEquals(409, refused.status());
    assertEquals("conflict", refused.problem());
    assertTrue(refused.json().get("detail").textValue().contains("source of rule #1"), refused.body());
    assertEquals(204, api.delete("/api/v1/rules/1").status());
    assertEquals(204, api.delete("/api/v1/hosts/" + id).status());
    assertEquals(404, api.get("/api/v1/hosts/" + id).status());
    assertEquals(404, api.get("/api/v1/hosts/abc").status(), "an id that is not a number names nothing");
  }

  @Test
  void ruleErrorsCarryTheFormsPathAndMessage() {
    String expected;
    try {
      PortRange.parse("70000");
      throw new AssertionError("70000 parsed");
    } catch (ParseException e) {
      expected = e.getMessage();
    }
    assertEquals(201, api.post("/api/v1/rules", rule(null, "tcp", "80", "deny", "a")).status());
    assertEquals(201, api.post("/api/v1/rules", rule(null, "tcp", "81", "deny", "b")).status());
    ApiClient.Reply bad = api.post("/api/v1/rules", rule(null, "tcp", "70000", "deny", "c"));
    assertEquals(400, bad.status());
    assertEquals(List.of("rules[2].ports: " + expected), bad.errors(), "the index the new rule would have");
    ApiClient.Reply above = api.post("/api/v1/rules", Map.of("protocol", "icmp", "ports", "1", "action", "allow",
        "before", 2));
    assertEquals(400, above.status());
    assertEquals(1, above.errors().size());
    assertTrue(above.errors().get(0).startsWith("rules[1].ports: ports can only be given with tcp"), above.errors()
        .toString());
    ApiClient.Reply update = api.put("/api/v1/rules/2", rule("all", "udp", "x", "drop", "d"));
    assertEquals(400, update.status());
    assertEquals(List.of("rules[1].action", "rules[1].ports"), update.errors().stream()
        .map(e -> e.substring(0, e.indexOf(':'))).toList());
    ApiClient.Reply host = api.post("/api/v1/rules", rule(42, "tcp", "80", "deny", "e"));
    assertEquals(List.of("rules[2].source: choose a host from the list, or All LAN hosts"), host.errors());
    ApiClient.Reply type = api.post("/api/v1/rules", Map.of("protocol", "tcp", "action", "deny", "log", "yes",
        "ports", List.of(1)));
    assertEquals(400, type.status());
    assertEquals(2, type.errors().size(), type.errors().toString());
    ApiClient.Reply unknown = api.post("/api/v1/rules", Map.of("protocol", "tcp", "action", "deny", "prot", "x"));
    assertEquals(400, unknown.status());
    assertTrue(unknown.errors().get(0).startsWith("prot: unknown field"), unknown.errors().toString());
    assertEquals(2, h.configs.load().rules().size(), "no refused rule was saved");
  }

  @Test
  void textBeyondAsciiComesBackAsSentInUtf8() {
    // JSON is UTF-8 (RFC 8259); Jetty's default for a type without a charset would be ISO-8859-1 ("?").
    String comment = "子供のタブレット: ウェブだけ";
    ApiClient.Reply created = api.post("/api/v1/rules", rule("all", "tcp", 443, "allow", comment));
    assertEquals(201, created.status(), created.body());
    long id = created.json().get("id").longValue();
    assertEquals(comment, api.get("/api/v1/rules/" + id).json().get("comment").textValue());
    ApiClient.Reply unauthorized = client(null).get("/api/v1/rules");
    assertEquals(401, unauthorized.status());
    assertTrue(unauthorized.json().get("detail").textValue().contains("Settings → API keys"), unauthorized.body());
  }

  @Test
  void rulesAreCreatedAboveAnotherMovedReorderedToggledAndReplaced() {
    api.post("/api/v1/rules", rule(1, "tcp", "80", "deny", "one"));
    api.post("/api/v1/rules", rule(null, "udp", "53", "allow", "two"));
    ApiClient.Reply top = api.post("/api/v1/rules", Map.of("source", "all", "destination", "10.0.0.0/8",
        "protocol", "any", "action", "reject", "log", true, "before", 1, "comment", "three"));
    assertEquals(201, top.status(), top.body());
    JsonNode r = top.json();
    assertEquals(1, r.get("position").intValue());
    assertEquals("10.0.0.0/8", r.get("destination").textValue());
    assertTrue(r.get("log").booleanValue());
    assertTrue(r.get("enabled").booleanValue(), "enabled unless said otherwise");
    assertEquals(List.of(3L, 1L, 2L), ids());

    assertEquals(200, api.post("/api/v1/rules/2/move", Map.of("direction", "up")).status());
    assertEquals(List.of(3L, 2L, 1L), ids());
    ApiClient.Reply sideways = api.post("/api/v1/rules/2/move", Map.of("direction", "left"));
    assertEquals(List.of("direction: Choose up or down."), sideways.errors());
    assertEquals(200, api.put("/api/v1/rules/order", Map.of("order", List.of(1, 2, 3))).status());
    assertEquals(List.of(1L, 2L, 3L), ids());
    ApiClient.Reply partial = api.put("/api/v1/rules/order", Map.of("order", List.of(1, 2)));
    assertEquals(400, partial.status());
    assertEquals(List.of(1L, 2L, 3L), ids());

    ApiClient.Reply off = api.post("/api/v1/rules/1/toggle", null);
    assertFalse(off.json().get("enabled").booleanValue());
    assertFalse(h.configs.load().rule(1).orElseThrow().enabled());
    ApiClient.Reply replaced = api.put("/api/v1/rules/1", Map.of("protocol", "tcp", "ports", "443",
        "action", "allow", "enabled", false));
    assertEquals(200, replaced.status(), replaced.body());
    Rule one = h.configs.load().rule(1).orElseThrow();
    assertEquals(Action.ALLOW, one.action());
    assertEquals(null, one.sourceHostId(), "absent source: all LAN hosts");
    assertFalse(one.enabled());
    assertEquals(1, api.get("/api/v1/rules/1").json().get("position").intValue());
    assertEquals(404, api.get("/api/v1/rules/9").status());
    assertEquals(404, api.post("/api/v1/rules/9/toggle", null).status());
  }

  @Test
  void policyNatAndSettings() {
    assertEquals("allow", api.get("/api/v1/policy").json().get("lanDefault").textValue());
    assertEquals("deny", api.put("/api/v1/policy", Map.of("lanDefault", "deny")).json().get("lanDefault")
        .textValue());
    assertEquals(Policy.DENY, h.configs.load().settings().lanDefault());
    ApiClient.Reply badPolicy = api.put("/api/v1/policy", Map.of("lanDefault", "maybe"));
    assertEquals(400, badPolicy.status());
    assertTrue(badPolicy.errors().get(0).startsWith("settings.lanDefault: "), badPolicy.errors().toString());
    // the unknown-devices policy: given alone it leaves the LAN default as it is
    assertEquals("allow", api.get("/api/v1/policy").json().get("unknownDevices").textValue());
    ApiClient.Reply unknown = api.put("/api/v1/policy", Map.of("unknownDevices", "deny"));
    assertEquals("deny", unknown.json().get("unknownDevices").textValue());
    assertEquals("deny", unknown.json().get("lanDefault").textValue());
    assertEquals(UnknownDevices.DENY, h.configs.load().settings().unknownDevices());
    ApiClient.Reply badUnknown = api.put("/api/v1/policy", Map.of("unknownDevices", "ask me"));
    assertEquals(400, badUnknown.status());
    assertTrue(badUnknown.errors().get(0).startsWith("settings.unknownDevices: "), badUnknown.errors().toString());
    assertEquals(UnknownDevices.DENY, h.configs.load().settings().unknownDevices());

    assertEquals(List.of("eth1"), ApiClient.JSON.convertValue(api.get("/api/v1/nat").json().get("wanInterfaces"),
        List.class));
    assertFalse(api.put("/api/v1/nat", Map.of("masquerade", false)).json().get("masquerade").booleanValue());
    api.delete("/api/v1/interfaces/eth1");
    ApiClient.Reply noWan = api.put("/api/v1/nat", Map.of("masquerade", true));
    assertEquals(List.of("settings.masquerade: Masquerade needs an interface with the WAN role. Add one under "
        + "Interfaces first."), noWan.errors());

    ApiClient.Reply off = api.put("/api/v1/settings", Map.of("antiLockout", false));
    assertEquals(400, off.status());
    assertTrue(off.errors().get(0).startsWith("settings.understood: Turning the anti-lockout rule off"));
    assertTrue(h.configs.load().settings().antiLockout());
    ApiClient.Reply understood = api.put("/api/v1/settings", Map.of("antiLockout", false, "understood", true));
    assertEquals(200, understood.status(), understood.body());
    assertFalse(h.configs.load().settings().antiLockout());
    assertTrue(h.configs.load().settings().sshFromLan(), "absent members stay as they were");
    assertEquals(8080, api.get("/api/v1/settings").json().get("adminPort").intValue());
  }

  @Test
  void badBodiesAre400413Or415AndNever500() {
    Config before = h.configs.load();
    ApiClient.Reply dup = api.send("POST", "/api/v1/hosts", "{\"name\":\"a\",\"name\":\"b\",\"ip\":\"192.168.1.9\"}");
    assertEquals(400, dup.status());
    assertEquals("bad-json", dup.problem());
    assertTrue(dup.json().get("detail").textValue().contains("Duplicate"), dup.body());
    assertEquals("bad-json", api.send("POST", "/api/v1/hosts", "{\"name\":").problem());
    assertEquals("bad-json", api.send("POST", "/api/v1/hosts", "[1,2]").problem());
    assertEquals("bad-json", api.send("POST", "/api/v1/hosts", "{} {}").problem());
    assertEquals("bad-json", api.send("POST", "/api/v1/hosts", "").problem());
    ApiClient.Reply form = api.send(api.request("/api/v1/hosts").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("name=x")), "POST", "/api/v1/hosts");
    assertEquals(415, form.status());
    assertEquals("unsupported-media-type", form.problem());
    ApiClient.Reply big = api.send("POST", "/api/v1/hosts", "{\"name\":\"" + "x".repeat(ApiJson.MAX_BODY) + "\"}");
    assertEquals(413, big.status());
    assertEquals("too-large", big.problem());
    ApiClient.Reply deep = api.send("POST", "/api/v1/hosts", "{\"name\":" + "[".repeat(40) + "]".repeat(40) + "}");
    assertEquals(400, deep.status());
    assertEquals(before, h.configs.load());
  }

  private List<Long> ids() {
    return h.configs.load().rules().stream().map(Rule::id).toList();
  }
}
