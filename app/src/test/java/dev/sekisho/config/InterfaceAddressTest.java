package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class InterfaceAddressTest {

  static String refusal(String text) {
    return assertThrows(ParseException.class, () -> InterfaceAddress.parse(text), text).getMessage();
  }

  @Test
  void anAddressWithItsSubnet() {
    InterfaceAddress a = InterfaceAddress.parse("192.168.1.1/24");
    assertEquals(Ipv4.parse("192.168.1.1"), a.address());
    assertEquals(24, a.prefix());
    assertEquals(Cidr.parse("192.168.1.0/24"), a.subnet());
    assertEquals("192.168.1.1/24", a.toString());
    assertEquals(a, InterfaceAddress.parse(" 192.168.1.1/24 "));
  }

  @Test
  void prefixesFromOneToThirtyTwo() {
    assertEquals(Cidr.parse("0.0.0.0/1"), InterfaceAddress.parse("10.0.0.1/1").subnet());
    assertEquals(Cidr.parse("10.0.0.1"), InterfaceAddress.parse("10.0.0.1/32").subnet());
    assertEquals("prefix length 0 is out of range 1-32", refusal("10.0.0.1/0"));
    assertEquals("prefix length 33 is out of range 1-32", refusal("10.0.0.1/33"));
    for (String s : List.of("10.0.0.1/", "10.0.0.1/-1", "10.0.0.1/024", "10.0.0.1/x", "10.0.0.1/255.255.255.0")) {
      assertEquals("'" + s + "': the prefix length after '/' must be a number 1-32", refusal(s), s);
    }
  }

  @Test
  void thePrefixIsRequired() {
    assertEquals("'198.51.100.2' needs a prefix length, e.g. 198.51.100.2/24", refusal("198.51.100.2"));
    assertEquals("an address with prefix length is required, e.g. 192.168.1.1/24", refusal(null));
    assertEquals("an address with prefix length is required, e.g. 192.168.1.1/24", refusal(""));
    assertEquals("an IPv4 address is required", refusal("/24"));
    assertEquals("'192.168.1.300': 300 is out of range 0-255", refusal("192.168.1.300/24"));
  }

  @Test
  void hostileInputIsNeverEchoedRaw() {
    String m = refusal("x\u0000\u001b[31m" + "y".repeat(5000));
    assertFalse(m.chars().anyMatch(Character::isISOControl), m);
    assertTrue(m.length() < 200, "cut, not echoed in full: " + m.length());
  }

  @Test
  void theConstructorChecksThePrefixToo() {
    assertThrows(ParseException.class, () -> new InterfaceAddress(Ipv4.parse("10.0.0.1"), 0));
    assertThrows(ParseException.class, () -> new InterfaceAddress(Ipv4.parse("10.0.0.1"), 33));
  }
}
