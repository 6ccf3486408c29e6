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
    ApiClient.Reply badDns = api.put("/api/v1/settings/dns", Map.of("dnsUpstream", "192.0.2.999",
        "dnsTtlFloor", 30, "dnsTtlCap", 0));
    assertEquals(400, badDns.status(), badDns.body());
    assertTrue(badDns.errors().toString().contains("settings.dnsUpstream") && badDns.errors().toString()
        .contains("settings.dnsTtlCap"), badDns.errors().toString());
    ApiClient.Reply dns = api.put("/api/v1/settings/dns", Map.of("dnsUpstream", "192.0.2.53", "dnsTtlFloor", 30,
        "dnsTtlCap", 3600, "dnsRedirect", true));
    assertEquals(200, dns.status(), dns.body());
    assertEquals("192.0.2.53", api.get("/api/v1/settings/dns").json().get("dnsUpstream").textValue());
    assertTrue(h.configs.load().settings().dnsRedirect());
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
