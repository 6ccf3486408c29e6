package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CidrTest {

  static String refusal(String text) {
    return assertThrows(ParseException.class, () -> Cidr.parse(text), text).getMessage();
  }

  @Test
  void prefixesFromZeroToThirtyTwo() {
    assertEquals(Cidr.ANY, Cidr.parse("0.0.0.0/0"));
    assertEquals("0.0.0.0/0", Cidr.ANY.toString());
    assertEquals(new Cidr(Ipv4.parse("10.0.0.0"), 8), Cidr.parse("10.0.0.0/8"));
    assertEquals(new Cidr(Ipv4.parse("192.168.1.0"), 31), Cidr.parse("192.168.1.0/31"));
    assertEquals(new Cidr(Ipv4.parse("203.0.113.7"), 32), Cidr.parse("203.0.113.7/32"));
    assertEquals("203.0.113.7", Cidr.parse("203.0.113.7/32").toString(), "a /32 is written as the bare address");
    assertEquals(Cidr.parse("203.0.113.7/32"), Cidr.parse("203.0.113.7"), "a bare address is a /32");
    assertEquals(Cidr.parse("10.0.0.0/8"), Cidr.parse(" 10.0.0.0/8 "));
  }

  @Test
  void prefixBeyondRangeOrNotANumberIsRefused() {
    assertEquals("prefix length 33 is out of range 0-32", refusal("10.0.0.0/33"));
    assertEquals("prefix length 99 is out of range 0-32", refusal("10.0.0.0/99"));
    for (String s : List.of("10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/032", "10.0.0.0/8/8", "10.0.0.0/ 8",
        "10.0.0.0/8a", "10.0.0.0/٨", "10.0.0.0/255.0.0.0")) {
      assertEquals("'" + s + "': the prefix length after '/' must be a number 0-32", refusal(s), s);
    }
    assertThrows(ParseException.class, () -> new Cidr(Ipv4.parse("10.0.0.0"), -1));
  }

  @Test
  void hostBitsAreRefusedWithTheNetworkMeant() {
    assertEquals("10.1.2.3/8 has host bits set; did you mean 10.0.0.0/8?", refusal("10.1.2.3/8"));
    assertEquals("0.0.0.1/0 has host bits set; did you mean 0.0.0.0/0?", refusal("0.0.0.1/0"));
    assertEquals("192.168.1.1/31 has host bits set; did you mean 192.168.1.0/31?", refusal("192.168.1.1/31"));
  }

  @Test
  void theAddressPartIsReadStrictly() {
    assertEquals("'10.0.0.00' has a leading zero; write each part without it", refusal("10.0.0.00/24"));
    assertEquals("an IPv4 address is required", refusal("/24"));
    assertEquals("an address or network is required", refusal(null));
    assertEquals("an address or network is required", refusal("  "));
  }

  @Test
  void firstLastContainsAndOverlaps() {
    Cidr net = Cidr.parse("192.168.1.0/24");
    assertEquals(0xc0a80100L, net.first());
    assertEquals(0xc0a801ffL, net.last());
    assertEquals(0L, Cidr.ANY.first());
    assertEquals(0xffffffffL, Cidr.ANY.last());
    assertEquals(Cidr.parse("1.2.3.4").first(), Cidr.parse("1.2.3.4").last());
    assertTrue(net.contains(Ipv4.parse("192.168.1.0")));
    assertTrue(net.contains(Ipv4.parse("192.168.1.255")));
    assertFalse(net.contains(Ipv4.parse("192.168.2.0")));
    assertFalse(net.contains(Ipv4.parse("192.168.0.255")));
    assertTrue(Cidr.ANY.contains(Ipv4.parse("255.255.255.255")), "unsigned: the top half is inside too");
    assertTrue(net.overlaps(Cidr.parse("192.168.0.0/16")));
    assertTrue(net.overlaps(Cidr.parse("192.168.1.255")));
    assertFalse(net.overlaps(Cidr.parse("192.168.2.0/24")));
    assertTrue(Cidr.parse("200.0.0.0/8").overlaps(Cidr.ANY));
  }

  @Test
  void orderIsByNetworkThenPrefix() {
    List<Cidr> sorted = List.of(Cidr.parse("200.0.0.0/8"), Cidr.parse("10.0.0.0/16"), Cidr.parse("10.0.0.0/8"))
        .stream().sorted().toList();
    assertEquals(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("10.0.0.0/16"), Cidr.parse("200.0.0.0/8")), sorted);
  }
}
