package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Domain rules over the API: the same field and checks as the panel's form, the answer names the domain. */
class ApiDomainRulesTest extends ApiTestBase {

  @Test
  void aDomainRuleIsCreatedAndAnImpossibleNameRefusedAtItsField() {
    ApiClient.Reply off = api.post("/api/v1/rules", Map.of("destinationDomain", "*.example.org", "protocol", "tcp",
        "ports", "443", "action", "allow"));
    assertEquals(400, off.status(), off.body());
    assertTrue(off.errors().toString().contains(".destinationDomain: rule #"), off.errors().toString());
    h.configs.save(h.configs.load().withSettings(s -> s.withDns(dev.sekisho.config.Ipv4.parse("192.0.2.53"), 30,
        3600, false)));
    ApiClient.Reply rule = api.post("/api/v1/rules", Map.of("destinationDomain", "*.Example.org", "protocol", "tcp",
        "ports", "443", "action", "allow"));
    assertEquals(201, rule.status(), rule.body());
    assertEquals("*.example.org", rule.json().get("destinationDomain").textValue());
    ApiClient.Reply bad = api.post("/api/v1/rules", Map.of("destinationDomain", "a..example.org", "action", "deny",
        "protocol", "any"));
    assertEquals(400, bad.status());
    assertTrue(bad.errors().toString().contains("destinationDomain: each part of a domain name"), bad.errors()
        .toString());
  }
}
