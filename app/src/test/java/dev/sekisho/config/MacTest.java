package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MacTest {
  private static final String SHAPE = " is not a MAC address (expected six hex pairs like 02:5e:6b:00:01:0a)";

  static String refusal(String text) {
    return assertThrows(ParseException.class, () -> Mac.parse(text), text).getMessage();
  }

  @Test
  void colonsOrDashesAnyCaseAlwaysWrittenLowerCaseWithColons() {
    for (String s : List.of("02:5e:6b:00:01:0a", "02:5E:6B:00:01:0A", "02-5e-6b-00-01-0a", "02-5E-6b-00-01-0A",
        " 02:5e:6b:00:01:0a ")) {
      assertEquals("02:5e:6b:00:01:0a", Mac.parse(s).toString(), s);
      assertEquals(0x025e6b00010aL, Mac.parse(s).value(), s);
    }
  }

  @Test
  void mixedSeparatorsAndOtherShapesAreRefused() {
    for (String s : List.of("02:5e:6b-00:01:0a", "025e6b00010a", "02:5e:6b:00:01", "02:5e:6b:00:01:0a:0b",
        "2:5e:6b:00:01:0a", "002:5e:6b:00:01:0a", "02.5e.6b.00.01.0a", "02:5e:6b:00:01:0g", "02::6b:00:01:0a",
        "0x:5e:6b:00:01:0a", "02 5e 6b 00 01 0a")) {
      assertEquals("'" + s + "'" + SHAPE, refusal(s), s);
    }
  }

  @Test
  void onlyAsciiHexDigits() {
    // Character.digit also reads fullwidth and other scripts' digits; a MAC is ASCII hex only.
    for (String s : List.of("０２:5e:6b:00:01:0a", "٠٢:5e:6b:00:01:0a", "02:5e:6b:00:01:0ａ")) {
      assertEquals("'" + s + "'" + SHAPE, refusal(s), s);
    }
  }

  @Test
  void zeroAndGroupAddressesAreNotAHost() {
    assertEquals("00:00:00:00:00:00 is not a usable MAC address", refusal("00:00:00:00:00:00"));
    assertEquals("ff:ff:ff:ff:ff:ff is a group (multicast/broadcast) address, not a host's MAC",
        refusal("FF:FF:FF:FF:FF:FF"));
    assertEquals("01:00:5e:00:00:01 is a group (multicast/broadcast) address, not a host's MAC",
        refusal("01:00:5e:00:00:01"));
    assertEquals("fe:ff:ff:ff:ff:ff", Mac.parse("fe:ff:ff:ff:ff:ff").toString(), "the highest unicast address");
    assertEquals("00:00:00:00:00:01", Mac.parse("00:00:00:00:00:01").toString());
    assertThrows(ParseException.class, () -> new Mac(-1));
    assertThrows(ParseException.class, () -> new Mac(0x1_0000_0000_0000L));
  }

  @Test
  void absentAndHostileInput() {
    assertEquals("a MAC address is required", refusal(null));
    assertEquals("a MAC address is required", refusal(""));
    String m = refusal("02:5e:6b:00:01:0a\u0007\u001b[2J");
    assertTrue(m.contains("\\u0007\\u001b[2J"), m);
  }

  @Test
  void formatWritesAnyFortyEightBitValue() {
    assertEquals("ff:ff:ff:ff:ff:ff", Mac.format(0xffff_ffff_ffffL), "also for broadcast frames on the wire");
    assertEquals("00:00:00:00:00:00", Mac.format(0));
    assertEquals("0a:0b:0c:0d:0e:0f", Mac.format(0x0a0b0c0d0e0fL));
  }

  @Test
  void orderIsNumeric() {
    assertTrue(Mac.parse("02:00:00:00:00:02").compareTo(Mac.parse("02:00:00:00:00:01")) > 0);
    assertTrue(Mac.parse("00:00:00:00:00:ff").compareTo(Mac.parse("00:00:00:00:01:00")) < 0);
  }
}
