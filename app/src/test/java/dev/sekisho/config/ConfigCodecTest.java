package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ConfigCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The JSON of {@link TestConfigs#rich()} with one edit, as text. */
  static String richWith(Consumer<ObjectNode> edit) {
    ObjectNode root = ConfigCodec.toTree(TestConfigs.rich());
    edit.accept(root);
    return root.toString();
  }

  static ObjectNode rule(ObjectNode root, int i) {
    return (ObjectNode) root.get("rules").get(i);
  }

  /** The problems as "path: message" lines; also checks that a refusal never comes with a Config. */
  static List<String> problems(String json) {
    ConfigCodec.Parsed p = ConfigCodec.parse(json);
    assertFalse(p.ok(), json);
    assertNull(p.config(), "nothing is half-read");
    assertFalse(p.problems().isEmpty());
    return p.problems().stream().map(Problem::toString).toList();
  }

  @Test
  void roundTripsKeepEveryValue() {
    for (Config c : List.of(TestConfigs.rich(), TestConfigs.small(), TestConfigs.inBackupFixtures(),
        Config.empty())) {
      ConfigCodec.Parsed p = ConfigCodec.parse(ConfigCodec.toJson(c));
      assertTrue(p.ok(), p.problems().toString());
      assertEquals(List.of(), p.problems());
      assertEquals(c, p.config());
    }
    Random rnd = new Random(8);
    for (int i = 0; i < 50; i++) {
      Config c = TestConfigs.random(rnd);
      assertEquals(c, ConfigCodec.parse(ConfigCodec.toJson(c)).config());
      assertEquals(c, ConfigCodec.fromTree(ConfigCodec.toTree(c)).config());
    }
  }

  @Test
  void writingIsDeterministicAndNormalised() throws Exception {
    Config c = TestConfigs.rich();
    String json = ConfigCodec.toJson(c);
    assertEquals(json, ConfigCodec.toJson(ConfigCodec.parse(json).config()), "same Config, same bytes");
    assertTrue(json.endsWith("}\n"), "one final newline");
    assertTrue(json.startsWith("{\n  \"interfaces\" : [ {\n    \"name\" : \"eth1\",\n    \"role\" : \"lan\",\n"),
        json);
    assertEquals(List.of("interfaces", "hosts", "rules", "settings"), names(JSON.readTree(json)));
    assertEquals(List.of("id", "source", "destination", "protocol", "ports", "action", "log", "comment", "enabled"),
        names(JSON.readTree(json).get("rules").get(0)));
    // Values are written in their normal form, whatever the admin typed.
    String mac = ConfigCodec.toTree(c).get("hosts").get(2).get("mac").asText();
    assertEquals("00:1a:2b:3c:4d:5e", mac, "typed as 00:1A:2B:3C:4D:5E");
    assertEquals("203.0.113.7", ConfigCodec.toTree(c).get("rules").get(2).get("destination").asText());
    assertTrue(ConfigCodec.toTree(c).get("rules").get(0).get("destination").isNull());
    assertTrue(ConfigCodec.toTree(c).get("interfaces").get(1).get("address").isNull());
  }

  private static List<String> names(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void textThatIsNotJsonIsOneProblemWithItsPlace() {
    assertEquals(List.of("the configuration is empty"), problems(""), "an empty text is said to be empty");
    for (String bad : List.of("{", "{\"interfaces\": [}", "nul", "{'interfaces': []}", "[1,]", "// c\n{}")) {
      List<String> p = problems(bad);
      assertEquals(1, p.size(), bad);
      assertTrue(p.get(0).startsWith("not valid JSON"), p.get(0));
    }
    assertTrue(problems("{\n  \"interfaces\": [,]\n}").get(0).startsWith("not valid JSON at line 2, column "));
  }

  @Test
  void duplicateFieldsAreRefusedNotLastOneWins() {
    String json = ConfigCodec.toJson(TestConfigs.small()).replaceFirst("\"name\" : \"eth0\",",
        "\"name\" : \"eth0\", \"name\" : \"eth9\",");
    List<String> p = problems(json);
    assertEquals(1, p.size());
    assertTrue(p.get(0).startsWith("not valid JSON at line"), p.get(0));
    assertTrue(p.get(0).contains("Duplicate field 'name'"), p.get(0));
  }

  @Test
  void trailingContentAfterTheDocumentIsRefused() {
    String json = ConfigCodec.toJson(TestConfigs.small());
    for (String tail : List.of("{}", "x", "]", "{\"rules\": []}", "null")) {
      List<String> p = problems(json + tail);
      assertEquals(1, p.size(), tail);
      assertTrue(p.get(0).startsWith("not valid JSON"), p.get(0));
    }
    assertTrue(ConfigCodec.parse(json + " \n\t\n").ok(), "trailing white space is fine");
  }

  @Test
  void theShapeIsCheckedWithPaths() {
    assertEquals(List.of("must be an object"), problems("[]"));
    assertEquals(List.of("must be an object"), problems("\"config\""));
    assertEquals(List.of("hosts: is missing", "rules: is missing", "settings: is missing", "hosts: must be a list",
        "rules: must be a list", "settings: must be an object"), problems("{\"interfaces\": []}"));
    assertEquals(List.of("interfaces: must be a list"), problems(richWith(r -> r.put("interfaces", "eth0"))));
    assertEquals(List.of("hosts[1]: must be an object"),
        problems(richWith(r -> ((ArrayNode) r.get("hosts")).set(1, IntNode.valueOf(7)))));
    assertEquals(List.of("settings: must be an object"), problems(richWith(r -> r.putArray("settings"))));
    assertEquals(List.of("rules[3].comment: is missing"), problems(richWith(r -> rule(r, 3).remove("comment"))));
    assertEquals(List.of("rules[3].enabled: is missing"), problems(richWith(r -> rule(r, 3).remove("enabled"))));
    assertEquals(List.of("rules[0].id: is missing", "rules[0].action: is missing", "rules[0].log: is missing"),
        problems(richWith(r -> rule(r, 0).remove(List.of("log", "action", "id")))), "in the model's order");
  }

  @Test
  void unknownFieldsAreNamedAndHostileNamesCut() {
    assertEquals(List.of("version: unknown field"), problems(richWith(r -> r.put("version", 2))));
    assertEquals(List.of("rules[2].extra: unknown field"), problems(richWith(r -> rule(r, 2).put("extra", 1))));
    assertEquals(List.of("settings.theme: unknown field"),
        problems(richWith(r -> ((ObjectNode) r.get("settings")).put("theme", "dark"))));
    List<String> p = problems(richWith(r -> r.put("x\n".repeat(100), 1)));
    assertEquals(List.of("x\\u000a".repeat(20) + "…: unknown field"), p, "cut to 40 characters, controls visible");
  }

  @Test
  void nullIsAllowedOnlyWhereTheModelHasNothing() {
    assertTrue(ConfigCodec.parse(richWith(r -> {
      ((ObjectNode) r.get("interfaces").get(0)).putNull("address");
      ((ObjectNode) r.get("hosts").get(0)).putNull("mac");
      rule(r, 0).putNull("source");
      rule(r, 0).putNull("ports");
      rule(r, 1).putNull("destination");
    })).ok());
    assertEquals(List.of("interfaces[0].name: is required"),
        problems(richWith(r -> ((ObjectNode) r.get("interfaces").get(0)).putNull("name"))));
    assertEquals(List.of("hosts[0].id: is required", "hosts[0].ip: is required"),
        problems(richWith(r -> ((ObjectNode) r.get("hosts").get(0)).putNull("id").putNull("ip"))));
    assertEquals(List.of("rules[0].comment: is required"), problems(richWith(r -> rule(r, 0).putNull("comment"))));
    assertEquals(List.of("rules[0].log: must be true or false"), problems(richWith(r -> rule(r, 0).putNull("log"))));
    assertEquals(List.of("settings.lanDefault: is required"),
        problems(richWith(r -> ((ObjectNode) r.get("settings")).putNull("lanDefault"))));
  }

  @Test
  void wrongTypesAreRefused() {
    assertEquals(List.of("hosts[1].ip: must be text"),
        problems(richWith(r -> ((ObjectNode) r.get("hosts").get(1)).put("ip", 3232235781L))));
    assertEquals(List.of("rules[0].protocol: must be text"),
        problems(richWith(r -> rule(r, 0).putArray("protocol").add("tcp"))));
    assertEquals(List.of("rules[0].enabled: must be true or false"),
        problems(richWith(r -> rule(r, 0).put("enabled", "true"))));
    assertEquals(List.of("rules[0].log: must be true or false"), problems(richWith(r -> rule(r, 0).put("log", 1))));
    for (Consumer<ObjectNode> badId : List.<Consumer<ObjectNode>>of(
        n -> n.put("id", "5"), n -> n.put("id", 0), n -> n.put("id", -5), n -> n.put("id", 5.0),
        n -> n.put("id", 5.5), n -> n.put("id", new BigInteger("9223372036854775808")),
        n -> n.putObject("id"))) {
      assertEquals(List.of("rules[0].id: must be a positive whole number"),
          problems(richWith(r -> badId.accept(rule(r, 0)))));
    }
    assertEquals(List.of("rules[0].source: must be a positive whole number"),
        problems(richWith(r -> rule(r, 0).put("source", "3"))));
  }

  @Test
  void badValuesCarryTheParsersMessageAtTheirPath() {
    assertEquals(List.of("rules[2].ports: port 65536 is out of range 1-65535"),
        problems(richWith(r -> rule(r, 2).put("ports", "65536"))));
    assertEquals(List.of("rules[2].ports: port 0 is out of range 1-65535"),
        problems(richWith(r -> rule(r, 2).put("ports", "0"))));
    assertTrue(ConfigCodec.parse(richWith(r -> rule(r, 2).put("ports", "1-65535"))).ok());
    assertEquals(List.of("rules[1].destination: prefix length 33 is out of range 0-32"),
        problems(richWith(r -> rule(r, 1).put("destination", "10.0.0.0/33"))));
    assertEquals(List.of("hosts[2].mac: 'aa:bb' is not a MAC address (expected six hex pairs like 02:5e:6b:00:01:0a)"),
        problems(richWith(r -> ((ObjectNode) r.get("hosts").get(2)).put("mac", "aa:bb"))));
    assertEquals(List.of("interfaces[1].address: '198.51.100.2' needs a prefix length, e.g. 198.51.100.2/24"),
        problems(richWith(r -> ((ObjectNode) r.get("interfaces").get(1)).put("address", "198.51.100.2"))));
    assertEquals(List.of("rules[4].comment: comment contains the character ';'; use letters, digits, spaces and "
        + "- _ . , : / ( ) ' + @ ! ? & % = [ ]"), problems(richWith(r -> rule(r, 4).put("comment", "a; b"))));
    assertEquals(List.of("rules[3].ports: ports can only be given with tcp, udp or tcp+udp, not icmp"),
        problems(richWith(r -> rule(r, 3).put("ports", "7"))));
  }

  @Test
  void adminPortFromOneTo65535() {
    for (long port : new long[] {1, 65535}) {
      Config c = ConfigCodec.parse(richWith(r -> ((ObjectNode) r.get("settings")).put("adminPort", port))).config();
      assertEquals(port, c.settings().adminPort());
    }
    assertEquals(List.of("settings.adminPort: 65536 is out of range 1-65535"),
        problems(richWith(r -> ((ObjectNode) r.get("settings")).put("adminPort", 65536))));
    assertEquals(List.of("settings.adminPort: must be a positive whole number"),
        problems(richWith(r -> ((ObjectNode) r.get("settings")).put("adminPort", 0))));
  }

  @Test
  void everyProblemIsReportedAtOnceInDocumentOrder() {
    List<String> p = problems(richWith(r -> {
      ((ObjectNode) r.get("interfaces").get(0)).put("role", "dmz");
      ((ObjectNode) r.get("hosts").get(1)).put("ip", "192.168.1.256");
      rule(r, 0).put("action", "drop");
      rule(r, 5).put("protocol", "sctp");
      ((ObjectNode) r.get("settings")).put("masquerade", "yes");
    }));
    assertEquals(List.of("interfaces[0].role: unknown role; choose lan or wan",
        "hosts[1].ip: '192.168.1.256': 256 is out of range 0-255",
        "rules[0].action: unknown action; choose allow, deny or reject",
        "rules[5].protocol: unknown protocol; choose any, tcp, udp, tcp+udp or icmp",
        "settings.masquerade: must be true or false"), p);
  }

  @Test
  void namesAreCheckedAtTheirField() {
    assertEquals(List.of("hosts[0].name: name contains '<'; use letters, digits, spaces and . - _ '"),
        problems(richWith(r -> ((ObjectNode) r.get("hosts").get(0)).put("name", "<b>"))));
    assertEquals(List.of("interfaces[0].name: interface name 'eth 1' contains ' '; use letters, digits, '.', '-' "
        + "and '_'"), problems(richWith(r -> ((ObjectNode) r.get("interfaces").get(0)).put("name", "eth 1"))));
  }

  @Test
  void fromTreeReadsAnEmbeddedConfigTheSameWay() {
    ObjectNode tree = ConfigCodec.toTree(TestConfigs.rich());
    assertEquals(TestConfigs.rich(), ConfigCodec.fromTree(tree).config());
    assertEquals(List.of(new Problem("", "must be an object")), ConfigCodec.fromTree(null).problems());
    tree.remove("rules");
    assertEquals(List.of(new Problem("rules", "is missing"), new Problem("rules", "must be a list")),
        ConfigCodec.fromTree(tree).problems());
  }
}
