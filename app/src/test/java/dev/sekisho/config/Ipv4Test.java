package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class Ipv4Test {

  static String refusal(String text) {
    return assertThrows(ParseException.class, () -> Ipv4.parse(text), text).getMessage();
  }

  @Test
  void dottedQuadsAreReadAndWrittenTheSameWay() {
    for (String s : List.of("0.0.0.0", "1.2.3.4", "10.0.0.1", "192.168.1.10", "255.255.255.255")) {
      assertEquals(s, Ipv4.parse(s).toString());
    }
    assertEquals(0xc0a8010a, Ipv4.parse("192.168.1.10").bits());
    assertEquals(-1, Ipv4.parse("255.255.255.255").bits());
    assertEquals(Ipv4.parse("10.0.0.1"), Ipv4.parse("  10.0.0.1\t"), "surrounding white space is dropped");
  }

  @Test
  void octetsStopAt255() {
    assertEquals("'1.2.3.256': 256 is out of range 0-255", refusal("1.2.3.256"));
    assertEquals("'999.0.0.1': 999 is out of range 0-255", refusal("999.0.0.1"));
    assertTrue(refusal("1.2.3.1000").contains("is not an IPv4 address"), "more than three digits");
  }

  @Test
  void leadingZerosAndShorthandsAreRefusedNotGuessed() {
    // inet_aton would read 010 as octal 8 and 10.1 as 10.0.0.1; the admin means neither.
    assertEquals("'192.168.1.010' has a leading zero; write each part without it", refusal("192.168.1.010"));
    assertEquals("'00.0.0.0' has a leading zero; write each part without it", refusal("00.0.0.0"));
    for (String s : List.of("10.1", "1.2.3", "1.2.3.4.5", "1..2.3", ".1.2.3", "1.2.3.", "0x1.2.3.4",
        "1.2.3.-4", "+1.2.3.4", "1.2.3.4/24", "1,2,3,4", "a.b.c.d", "１.２.３.４", "١.٢.٣.٤")) {
      assertEquals("'" + s + "' is not an IPv4 address (expected four numbers like 192.168.1.10)", refusal(s), s);
    }
  }

  @Test
  void absentInputSaysWhatIsNeeded() {
    assertEquals("an IPv4 address is required", refusal(null));
    assertEquals("an IPv4 address is required", refusal(""));
    assertEquals("an IPv4 address is required", refusal(" \n"));
  }

  @Test
  void hostileInputIsEchoedShortAndWithControlsVisible() {
    String m = refusal("1.2.3.4\u0000; flush ruleset");
    assertTrue(m.contains("1.2.3.4\\u0000; flush ruleset"), m);
    assertFalse(m.chars().anyMatch(Character::isISOControl), m);
    String long1 = refusal("9".repeat(10_000));
    assertTrue(long1.length() < 120, long1);
    assertTrue(long1.contains("9".repeat(40) + "…"), long1);
  }

  @Test
  void specialRangesAreRecognised() {
    for (String s : List.of("0.0.0.0", "0.255.255.255", "127.0.0.1", "224.0.0.1", "239.255.255.250",
        "240.0.0.1", "255.255.255.255")) {
      assertTrue(Ipv4.parse(s).isSpecial(), s);
    }
    for (String s : List.of("1.0.0.0", "10.0.0.1", "126.255.255.255", "128.0.0.0", "223.255.255.255")) {
      assertFalse(Ipv4.parse(s).isSpecial(), s);
    }
  }

  @Test
  void orderIsUnsigned() {
    assertTrue(Ipv4.parse("128.0.0.0").compareTo(Ipv4.parse("127.255.255.255")) > 0, "the sign bit is not a sign");
    assertTrue(Ipv4.parse("255.255.255.255").compareTo(Ipv4.parse("0.0.0.0")) > 0);
    assertEquals(0, Ipv4.parse("10.0.0.1").compareTo(new Ipv4(0x0a000001)));
  }
}
