package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.Ipv6;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IPv6 over the API: an interface's prefix, a host's address list, an IPv6 rule, their errors located. */
class ApiIpv6Test extends ApiTestBase {

  @Test
  void interfacesHostsAndRulesTakeIpv6WithLocatedErrors() {
    ApiClient.Reply off = api.post("/api/v1/rules", Map.of("source", 1, "destination", "2001:db8::/32",
        "protocol", "tcp", "ports", "443", "action", "deny"));
    assertEquals(400, off.status(), off.body());
    assertTrue(off.errors().toString().contains("destination: rule #1 has an IPv6 destination, but IPv6 is not "
        + "forwarded"), off.errors().toString());

    ApiClient.Reply bad = api.put("/api/v1/interfaces/eth0", Map.of("name", "eth0", "role", "lan",
        "address", "192.168.1.1/24", "address6", "2001:db8:1::1/129"));
    assertEquals(400, bad.status());
    assertEquals(List.of("interfaces[0].address6: prefix length 129 is out of range 1-128"), bad.errors());
    ApiClient.Reply iface = api.put("/api/v1/interfaces/eth0", Map.of("name", "eth0", "role", "lan",
        "address", "192.168.1.1/24", "address6", "2001:db8:1::1/64"));
    assertEquals(200, iface.status(), iface.body());
    assertEquals("2001:db8:1::1/64", iface.json().get("address6").textValue());
    assertTrue(api.get("/api/v1/interfaces/eth1").json().get("address6").isNull());

    ApiClient.Reply noMac = api.put("/api/v1/hosts/1", Map.of("name", "laptop", "ip", "192.168.1.20",
        "ipv6", List.of("2001:db8:1::20")));
    assertEquals(400, noMac.status());
    assertEquals(List.of("hosts[0].ipv6: IPv6 addresses are bound to the host's MAC; give the host a MAC first"),
        noMac.errors());
    ApiClient.Reply host = api.put("/api/v1/hosts/1", Map.of("name", "laptop", "ip", "192.168.1.20",
        "mac", "02:5e:6b:00:01:0a", "ipv6", List.of("2001:db8:1::21", "2001:db8:1:0::20")));
    assertEquals(200, host.status(), host.body());
    assertEquals("[\"2001:db8:1::20\",\"2001:db8:1::21\"]", host.json().get("ipv6").toString());
    assertEquals(List.of(Ipv6.parse("2001:db8:1::20"), Ipv6.parse("2001:db8:1::21")),
        h.configs.load().host(1).orElseThrow().ipv6());

    ApiClient.Reply rule = api.post("/api/v1/rules", Map.of("source", 1, "destination", "2001:db8::/32",
        "protocol", "tcp", "ports", "443", "action", "deny"));
    assertEquals(201, rule.status(), rule.body());
    assertEquals("2001:db8::/32", rule.json().get("destination").textValue());
  }
}
