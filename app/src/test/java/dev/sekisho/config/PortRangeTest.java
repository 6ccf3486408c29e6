package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PortRangeTest {

  static String refusal(String text) {
    return assertThrows(ParseException.class, () -> PortRange.parse(text), text).getMessage();
  }

  @Test
  void portsFromOneTo65535() {
    assertEquals(PortRange.of(1), PortRange.parse("1"));
    assertEquals(PortRange.of(65535), PortRange.parse("65535"));
    assertEquals(new PortRange(1, 65535), PortRange.parse("1-65535"));
    assertEquals("port 0 is out of range 1-65535", refusal("0"));
    assertEquals("port 65536 is out of range 1-65535", refusal("65536"));
    assertEquals("port 99999 is out of range 1-65535", refusal("99999"));
    assertEquals("port 0 is out of range 1-65535", refusal("0-80"));
    assertEquals("port 65536 is out of range 1-65535", refusal("80-65536"));
  }

  @Test
  void singlePortsAndRangesReadAndWritten() {
    PortRange one = PortRange.parse("443");
    assertTrue(one.isSingle());
    assertEquals("443", one.toString());
    PortRange range = PortRange.parse("8000-8080");
    assertFalse(range.isSingle());
    assertEquals(8000, range.from());
    assertEquals(8080, range.to());
    assertEquals("8000-8080", range.toString());
    assertEquals(range, PortRange.parse(" 8000 - 8080 "));
    assertEquals("80", PortRange.parse("80-80").toString(), "a range of one port is a single port");
  }

  @Test
  void backwardsRangesAreRefusedNotSwapped() {
    assertEquals("port range 8080-8000 is backwards; write the lower port first", refusal("8080-8000"));
  }

  @Test
  void anythingButDigitsIsRefused() {
    for (String s : List.of("80-", "-80", "1-2-3", "+80", "80.0", "0x50", "http", "80,443", "80 443", "123456",
        "８０", "٨٠", "1e3")) {
      assertEquals("'" + s + "' is not a port or port range (e.g. 443 or 8000-8080)", refusal(s), s);
    }
    assertEquals("a port or port range is required", refusal(null));
    assertEquals("a port or port range is required", refusal(" "));
  }

  @Test
  void hostileInputIsEchoedWithControlsVisible() {
    String m = refusal("80\r\nX-Injected: 1");
    assertTrue(m.contains("80\\u000d\\u000aX-Injected: 1"), m);
  }
}
