package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.Mac;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HostTest extends WebTestBase {

  @Test
  void addAndEditAHost() {
    h.configs.save(lan());
    Browser b = loggedIn();
    Browser.Page add = b.postFrom("/hosts/new", "/hosts",
        Map.of("name", "printer", "mac", "02:5E:6B:00:01:0A", "ip", "192.168.1.30"));
    assertEquals(303, add.status(), add.body());
    assertEquals("/hosts", add.location());
    Host stored = h.configs.load().hosts().get(1);
    assertEquals(new Host(2, "printer", Mac.parse("02:5e:6b:00:01:0a"), dev.sekisho.config.Ipv4.parse("192.168.1.30")),
        stored);
    Browser.Page list = b.get("/hosts");
    assertTrue(list.body().contains("Host printer added."), "flash after redirect");
    assertTrue(list.body().contains("02:5e:6b:00:01:0a"));
    assertFalse(b.get("/hosts").body().contains("Host printer added."), "flash shows once");

    Browser.Page edit = b.get("/hosts/2/edit");
    assertTrue(edit.body().contains("value=\"printer\""), "form is pre-filled");
    Browser.Page save = b.post("/hosts/2", Map.of("name", "office printer", "mac", "", "ip", "192.168.1.31"));
    assertEquals(303, save.status(), save.body());
    Host edited = h.configs.load().host(2).orElseThrow();
    assertEquals("office printer", edited.name());
    assertEquals(null, edited.mac());
    assertEquals("192.168.1.31", edited.ip().toString());
    assertEquals(2, h.configs.load().hosts().size());
  }

  @Test
  void badInputIsShownNextToItsFieldAndKept() {
    h.configs.save(lan());
    Browser b = loggedIn();
    Browser.Page p = b.postFrom("/hosts/new", "/hosts",
        Map.of("name", "tv", "mac", "02:5e:6b:00:01", "ip", "192.168.1.300"));
    assertEquals(400, p.status());
    assertFieldError(p.body(), "mac", "is not a MAC address");
    assertFieldError(p.body(), "ip", "out of range 0-255");
    assertTrue(p.body().contains("value=\"02:5e:6b:00:01\""), "MAC input kept");
    assertTrue(p.body().contains("value=\"192.168.1.300\""), "IP input kept");
    assertTrue(p.body().contains("value=\"tv\""), "name input kept");
    assertEquals(lan(), h.configs.load());

    // Whole-config checks land on the field too: an address outside the LAN, a duplicate name.
    Browser.Page outside = b.post("/hosts", Map.of("name", "tv", "mac", "", "ip", "10.9.9.9"));
    assertEquals(400, outside.status());
    assertFieldError(outside.body(), "ip", "is not inside a LAN subnet");
    Browser.Page dup = b.post("/hosts", Map.of("name", "Laptop", "mac", "", "ip", "192.168.1.21"));
    assertEquals(400, dup.status());
    assertFieldError(dup.body(), "name", "already called");
    Browser.Page editBad = b.post("/hosts/1", Map.of("name", "laptop", "mac", "zz", "ip", "192.168.1.20"));
    assertEquals(400, editBad.status());
    assertFieldError(editBad.body(), "mac", "is not a MAC address");
    assertEquals(lan(), h.configs.load());
  }

  @Test
  void deleteIsRefusedWhileARuleNamesTheHost() {
    Config c = lan().withRule(RuleTest.ruleFrom(4, 1L)).withRule(RuleTest.rule(5)).withRule(RuleTest.ruleFrom(7, 1L));
    h.configs.save(c);
    Browser b = loggedIn();
    b.get("/hosts");
    Browser.Page p = b.post("/hosts/1/delete", Map.of());
    assertEquals(303, p.status());
    assertEquals(c, h.configs.load(), "nothing deleted");
    String page = b.get("/hosts").body();
    assertTrue(page.contains("Host laptop is not deleted: it is the source of rules #4, #7."), page);

    h.configs.save(lan());
    b.get("/hosts");
    assertEquals(303, b.post("/hosts/1/delete", Map.of()).status());
    assertTrue(h.configs.load().hosts().isEmpty());
    assertEquals(404, b.post("/hosts/1/delete", Map.of()).status());
  }

  /** Asserts that the field's error paragraph follows the field's input and carries the message. */
  static void assertFieldError(String html, String field, String message) {
    Pattern p = Pattern.compile("id=\"" + Pattern.quote(field) + "\"[^>]*>(?:(?!<div class=\"field).)*?"
        + "<p class=\"field-error\">[^<]*" + Pattern.quote(message), Pattern.DOTALL);
    assertTrue(p.matcher(html).find(), "no error '" + message + "' next to field " + field + " in:\n" + html);
  }
}
