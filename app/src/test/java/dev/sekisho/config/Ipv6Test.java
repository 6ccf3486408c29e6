package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** IPv6 text is read strictly and written in the one canonical form of RFC 5952. */
class Ipv6Test {

  static String refusal(String text) {
    return assertThrows(ParseException.class, () -> Ipv6.parse(text), text).getMessage();
  }

  @Test
  void canonicalFormFollowsRfc5952() {
    // RFC 5952 section 4: lower case, no leading zeros, the longest zero run (leftmost on a tie) as ::,
    // and a single zero group is not shortened.
    assertEquals("2001:db8::1", Ipv6.parse("2001:0DB8:0000:0000:0000:0000:0000:0001").toString());
    assertEquals("2001:db8:0:1:1:1:1:1", Ipv6.parse("2001:db8:0:1:1:1:1:1").toString());
    assertEquals("2001:db8::1:0:0:1", Ipv6.parse("2001:db8:0:0:1:0:0:1").toString());
    assertEquals("2001:0:0:1::1", Ipv6.parse("2001:0:0:1:0:0:0:1").toString());
    assertEquals("::", Ipv6.parse("::").toString());
    assertEquals("::1", Ipv6.parse("0:0:0:0:0:0:0:1").toString());
    assertEquals("1::", Ipv6.parse("1:0:0:0:0:0:0:0").toString());
    assertEquals("fe80::1:2", Ipv6.parse("fe80::1:2").toString());
    assertEquals(Ipv6.parse("2001:db8::10"), Ipv6.parse(" 2001:db8:0::10\t"), "surrounding white space is dropped");
  }

  @Test
  void agreesWithTheJdkOnRandomAddresses() throws Exception {
    Random rnd = new Random(6);
    for (int i = 0; i < 5000; i++) {
      long hi = rnd.nextInt(4) == 0 ? 0 : rnd.nextLong() & (rnd.nextBoolean() ? 0xffff0000ffff0000L : -1L);
      long lo = rnd.nextInt(4) == 0 ? 0 : rnd.nextLong() & (rnd.nextBoolean() ? 0x0000ffff0000ffffL : -1L);
      Ipv6 a = new Ipv6(hi, lo);
      String text = a.toString();
      assertEquals(a, Ipv6.parse(text), text);
      byte[] b = InetAddress.getByName(text).getAddress();
      if (b.length == 16) { // the JDK turns ::ffff:a.b.c.d into an IPv4 address
        long h = 0;
        long l = 0;
        for (int k = 0; k < 8; k++) {
          h = (h << 8) | (b[k] & 0xff);
          l = (l << 8) | (b[k + 8] & 0xff);
        }
        assertEquals(a, new Ipv6(h, l), text);
      }
    }
  }

  @Test
  void malformedTextIsRefusedNotGuessed() {
    for (String s : List.of("1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", ":::", "1:::2", ":1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:", "12345::1", "g::1", "::ffff:192.0.2.1", "fe80::1%eth0", "[2001:db8::1]", "2001:db8::/64",
        "2001 :db8::1", "１::１", "-1::", "+1::", "1:2:3:4:5:6:7::8", "::1:2:3:4:5:6:7:8", "0x1::")) {
      assertTrue(refusal(s).contains("is not an IPv6 address"), s + ": " + refusal(s));
    }
    assertEquals("an IPv6 address is required", refusal(""));
    assertEquals("an IPv6 address is required", refusal(null));
  }

  @Test
  void hostileInputIsEchoedShortAndWithControlsVisible() {
    String m = refusal("::1\u0000; flush ruleset");
    assertFalse(m.chars().anyMatch(Character::isISOControl), m);
    String long1 = refusal("f".repeat(10_000));
    assertTrue(long1.length() < 160, long1);
  }

  @Test
  void specialAddressesAreRecognised() {
    for (String s : List.of("::", "::1", "ff02::1", "fe80::1", "febf::1")) {
      assertTrue(Ipv6.parse(s).isSpecial(), s);
    }
    for (String s : List.of("2001:db8::1", "fec0::1", "fd00::1", "::2")) {
      assertFalse(Ipv6.parse(s).isSpecial(), s);
    }
  }

  @Test
  void networksNeedZeroHostBitsAndContainTheirAddresses() {
    Cidr6 n = Cidr6.parse("2001:db8:77::/64");
    assertTrue(n.contains(Ipv6.parse("2001:db8:77::ffff")));
    assertTrue(n.contains(Ipv6.parse("2001:db8:77:0:ffff:ffff:ffff:ffff")));
    assertFalse(n.contains(Ipv6.parse("2001:db8:77:1::")));
    assertFalse(n.contains((IpAddr) Ipv4.parse("10.0.0.1")), "an IPv6 network holds no IPv4 address");
    assertEquals("2001:db8::1/32 has host bits set; did you mean 2001:db8::/32?",
        assertThrows(ParseException.class, () -> Cidr6.parse("2001:db8::1/32")).getMessage());
    assertEquals("prefix length 129 is out of range 0-128",
        assertThrows(ParseException.class, () -> Cidr6.parse("::/129")).getMessage());
    assertEquals("2001:db8::1", Cidr6.parse("2001:db8::1/128").toString());
    assertTrue(Cidr6.parse("2001:db8::/32").overlaps(Cidr6.parse("2001:db8:77::/48")));
    assertFalse(Cidr6.parse("2001:db8:77::/48").overlaps(Cidr6.parse("2001:db8:78::/48")));
    assertTrue(Cidr6.ANY.overlaps(Cidr6.parse("2001:db8::1")));
    assertFalse(Cidr6.ANY.overlaps(Cidr.ANY), "families never overlap");
    Cidr6 odd = Cidr6.parse("2001:db8:77:0:8000::/65");
    assertTrue(odd.contains(Ipv6.parse("2001:db8:77:0:8000::1")));
    assertFalse(odd.contains(Ipv6.parse("2001:db8:77::1")));
    assertTrue(Network.parse("2001:db8::/32").ipv6());
    assertFalse(Network.parse("10.0.0.0/8").ipv6());
  }

  @Test
  void interfaceAddressesNeedAPrefixAndAUsableAddress() {
    assertEquals("2001:db8:77::/64", InterfaceAddress6.parse("2001:db8:77::1/64").subnet().toString());
    assertTrue(assertThrows(ParseException.class, () -> InterfaceAddress6.parse("2001:db8::1")).getMessage()
        .contains("needs a prefix length"));
    assertTrue(assertThrows(ParseException.class, () -> InterfaceAddress6.parse("fe80::1/64")).getMessage()
        .contains("link-local"));
  }

  @Test
  void hostAddressListsAreReadSortedAndBounded() {
    assertEquals(List.of(Ipv6.parse("2001:db8::2"), Ipv6.parse("2001:db8::10")),
        Host.parseIpv6List("2001:db8::10, 2001:db8::2\n2001:db8::10"));
    assertEquals(List.of(), Host.parseIpv6List("  "));
    assertTrue(assertThrows(ParseException.class, () -> Host.parseIpv6List("2001:db8::1 nonsense")).getMessage()
        .contains("'nonsense' is not an IPv6 address"));
    StringBuilder many = new StringBuilder();
    for (int i = 1; i <= 9; i++) {
      many.append("2001:db8::").append(i).append(' ');
    }
    assertTrue(assertThrows(ParseException.class, () -> Host.parseIpv6List(many.toString())).getMessage()
        .contains("at most 8"));
  }
}
