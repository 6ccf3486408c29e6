package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.lab.LabSeed;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The port forward model, its JSON and its validation. */
class PortForwardTest {
  private static PortForward tcp(long id, String ports, boolean enabled) {
    return new PortForward(id, Protocol.TCP, PortRange.parse(ports), LabSeed.LAPTOP, null, null, List.of(), true,
        false, Comment.NONE, enabled);
  }

  private static List<String> problems(Config c) {
    return ConfigValidator.validate(c).stream().map(Problem::toString).toList();
  }

  @Test
  void theJsonRoundTripsAndIsAbsentWithoutForwards() {
    Config c = TestConfigs.inBackupFixturesV6();
    ConfigCodec.Parsed back = ConfigCodec.parse(ConfigCodec.toJson(c));
    assertTrue(back.ok(), back.problems().toString());
    assertEquals(c, back.config());
    assertTrue(ConfigCodec.toJson(c).contains("\"forwards\""));
    assertFalse(ConfigCodec.toJson(c.withForwards(List.of())).contains("forwards"),
        "a configuration without forwards is written as before them");
  }

  @Test
  void badJsonIsLocated() {
    String json = ConfigCodec.toJson(LabSeed.base().withForward(tcp(1, "80", true)))
        .replace("\"wanPorts\" : \"80\"", "\"wanPorts\" : \"80-70\"").replace("\"reflection\" : true",
            "\"reflection\" : \"yes\"");
    List<String> p = ConfigCodec.parse(json).problems().stream().map(Problem::toString).toList();
    assertEquals(List.of("forwards[0].wanPorts: port range 80-70 is backwards; write the lower port first",
        "forwards[0].reflection: must be true or false"), p);
  }

  @Test
  void onlyEnabledForwardsOnASharedProtocolOverlap() {
    Config c = LabSeed.base().withForward(tcp(1, "8000-8010", true)).withForward(tcp(2, "8005", false))
        .withForward(new PortForward(3, Protocol.UDP, PortRange.of(8005), LabSeed.TABLET, null, null, List.of(),
            true, false, Comment.NONE, true));
    assertEquals(List.of(), problems(c), "a disabled one and another protocol do not overlap");
    Config both = c.withForward(new PortForward(4, Protocol.TCP_UDP, PortRange.of(8010), LabSeed.TABLET, null,
        null, List.of(), true, false, Comment.NONE, true));
    assertEquals(List.of("forwards[3].wanPorts: forward #4 takes WAN port(s) 8010 that forward #1 already takes "
        + "on the same protocol"), problems(both));
  }

  @Test
  void udpMayUseThePanelsPortNumberAndSshIsFreeWhenNotAllowedFromTheLan() {
    Config c = LabSeed.base().withForward(new PortForward(1, Protocol.UDP, PortRange.of(8080), LabSeed.LAPTOP,
        null, null, List.of(), true, false, Comment.NONE, true));
    assertEquals(List.of(), problems(c));
    Config ssh = LabSeed.base().withForward(tcp(1, "22", true));
    assertEquals(1, problems(ssh).size());
    assertEquals(List.of(), problems(ssh.withSettings(s -> s.withSshFromLan(false))));
  }

  @Test
  void aForwardNeedsExactlyOneTargetAndAPortProtocol() {
    assertThrows(ParseException.class, () -> new PortForward(1, Protocol.TCP, PortRange.of(80), null, null, null,
        List.of(), true, false, Comment.NONE, true));
    assertThrows(ParseException.class, () -> new PortForward(1, Protocol.ANY, PortRange.of(80), 1L, null, null,
        List.of(), true, false, Comment.NONE, true));
    assertEquals(List.of(Cidr.parse("192.0.2.7"), Cidr.parse("203.0.113.0/24")),
        PortForward.parseSources("203.0.113.0/24,\n192.0.2.7 192.0.2.7"));
  }

  @Test
  void aShiftedRangeKeepsItsLength() {
    PortForward f = new PortForward(1, Protocol.TCP, new PortRange(7000, 7002), 1L, null, 8000, List.of(), true,
        false, Comment.NONE, true);
    assertEquals(8000, f.firstTargetPort());
    assertEquals(8002, f.lastTargetPort());
    assertTrue(f.shiftsPorts());
  }
}
