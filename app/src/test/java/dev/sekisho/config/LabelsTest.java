package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The choice types (Protocol, Action, Role, Policy): their labels are the JSON and form values. */
class LabelsTest {
  private static final List<String> NOT_LABELS = Arrays.asList(null, "", " tcp", "TCP", "Allow", "tcp ", "udp+tcp",
      "lan\n", "wan;");

  @Test
  void protocols() {
    assertEquals(List.of("any", "tcp", "udp", "tcp+udp", "icmp"),
        Arrays.stream(Protocol.values()).map(Protocol::label).toList());
    for (Protocol p : Protocol.values()) {
      assertEquals(p, Protocol.parse(p.label()));
    }
    assertTrue(Protocol.TCP.hasPorts());
    assertTrue(Protocol.UDP.hasPorts());
    assertTrue(Protocol.TCP_UDP.hasPorts());
    assertFalse(Protocol.ANY.hasPorts());
    assertFalse(Protocol.ICMP.hasPorts());
    for (String s : NOT_LABELS) {
      assertEquals("unknown protocol; choose any, tcp, udp, tcp+udp or icmp",
          assertThrows(ParseException.class, () -> Protocol.parse(s)).getMessage(), s);
    }
  }

  @Test
  void actions() {
    assertEquals(List.of("allow", "deny", "reject"), Arrays.stream(Action.values()).map(Action::label).toList());
    for (Action a : Action.values()) {
      assertEquals(a, Action.parse(a.label()));
    }
    for (String s : NOT_LABELS) {
      assertEquals("unknown action; choose allow, deny or reject",
          assertThrows(ParseException.class, () -> Action.parse(s)).getMessage(), s);
    }
  }

  @Test
  void roles() {
    assertEquals(List.of("lan", "wan"), Arrays.stream(Role.values()).map(Role::label).toList());
    for (Role r : Role.values()) {
      assertEquals(r, Role.parse(r.label()));
    }
    for (String s : NOT_LABELS) {
      assertEquals("unknown role; choose lan or wan",
          assertThrows(ParseException.class, () -> Role.parse(s)).getMessage(), s);
    }
  }

  @Test
  void policies() {
    assertEquals(List.of("allow", "deny"), Arrays.stream(Policy.values()).map(Policy::label).toList());
    for (Policy p : Policy.values()) {
      assertEquals(p, Policy.parse(p.label()));
    }
    for (String s : NOT_LABELS) {
      assertEquals("unknown policy; choose allow or deny",
          assertThrows(ParseException.class, () -> Policy.parse(s)).getMessage(), s);
    }
  }
}
