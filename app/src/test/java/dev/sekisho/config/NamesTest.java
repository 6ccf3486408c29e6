package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamesTest {

  static String interfaceRefusal(String text) {
    return assertThrows(ParseException.class, () -> Names.interfaceName(text), text).getMessage();
  }

  static String hostRefusal(String text) {
    return assertThrows(ParseException.class, () -> Names.hostName(text), text).getMessage();
  }

  @Test
  void interfaceNamesTheKernelAccepts() {
    for (String s : List.of("eth0", "lan", "enp3s0f1", "br-lan", "wg_0", "eth0.100", "a", "abcdefghijklmno", "-")) {
      assertEquals(s, Names.interfaceName(s), s);
    }
    assertEquals("eth0", Names.interfaceName(" eth0\n"));
  }

  @Test
  void interfaceNamesAtMost15Characters() {
    assertEquals("interface name 'abcdefghijklmnop' is longer than 15 characters",
        interfaceRefusal("abcdefghijklmnop"));
  }

  @Test
  void interfaceNamesWithWildcardsSpacesOrOtherScriptsAreRefused() {
    assertEquals("interface name 'lan*' contains '*'; use letters, digits, '.', '-' and '_'",
        interfaceRefusal("lan*"));
    assertEquals("interface name 'eth 0' contains ' '; use letters, digits, '.', '-' and '_'",
        interfaceRefusal("eth 0"));
    for (String s : List.of("eth0:1", "eth/0", "eth\"0", "eth;0", "éth0", "eth０", "eth0}", "eth\\0")) {
      assertTrue(interfaceRefusal(s).startsWith("interface name '"), s);
    }
    assertEquals("'.' is not an interface name", interfaceRefusal("."));
    assertEquals("'..' is not an interface name", interfaceRefusal(".."));
    assertEquals("an interface name is required", interfaceRefusal(null));
    assertEquals("an interface name is required", interfaceRefusal(" "));
  }

  @Test
  void interfaceNameMessagesShowControlCharactersByNumber() {
    String m = interfaceRefusal("eth\n0");
    assertEquals("interface name 'eth\\u000a0' contains '\\u000a'; use letters, digits, '.', '-' and '_'", m);
    assertFalse(m.chars().anyMatch(Character::isISOControl), m);
  }

  @Test
  void hostNamesInAnyScript() {
    for (String s : List.of("laptop", "Living room TV", "o'brien", "x.y-z_1", "子供のタブレット", "コーヒー",
        "Ünïcödé", "e\u0301", "7")) {
      assertEquals(s, Names.hostName(s), s);
    }
    assertEquals("nas", Names.hostName("  nas  "));
  }

  @Test
  void hostNamesAtMost64Characters() {
    assertEquals("子".repeat(64), Names.hostName("子".repeat(64)), "counted in characters, not bytes");
    assertEquals("name is longer than 64 characters", hostRefusal("a".repeat(65)));
    assertEquals("name is longer than 64 characters", hostRefusal("子".repeat(65)));
  }

  @Test
  void hostNamesWithMarkupOrControlsAreRefused() {
    assertEquals("name contains '<'; use letters, digits, spaces and . - _ '", hostRefusal("<script>"));
    assertEquals("name contains '\"'; use letters, digits, spaces and . - _ '", hostRefusal("a\"b"));
    assertEquals("name contains '\\u0000'; use letters, digits, spaces and . - _ '", hostRefusal("a\u0000b"));
    assertEquals("name contains '😀'; use letters, digits, spaces and . - _ '", hostRefusal("fun 😀"));
    assertEquals("a name is required", hostRefusal(null));
    assertEquals("a name is required", hostRefusal("\t"));
  }
}
