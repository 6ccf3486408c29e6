package dev.sekisho.capture;

import static dev.sekisho.capture.Frames.GW_MAC;
import static dev.sekisho.capture.Frames.HOST_MAC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.capture.Frames.Rec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frame parser over pcap files written here byte by byte and read back through libpcap: every
 * kind of frame the LAN carries, and truncated, malformed and random ones, which must be counted and
 * never stop the capture.
 */
class PacketParserTest {
  private static final long T0 = 1_700_000_000_000_000L;
  private static final String H = "192.168.77.10";
  private static final String NET1 = "203.0.113.10";
  private static final String NET2 = "203.0.113.20";
  private static final int V4 = 0x0800;
  private static final int V6 = 0x86dd;

  @TempDir
  Path dir;

  private static byte[] out(byte[] ip, int type) {
    return Frames.ether(GW_MAC, HOST_MAC, type, ip);
  }

  private static byte[] in(byte[] ip, int type) {
    return Frames.ether(HOST_MAC, GW_MAC, type, ip);
  }

  /** The well-formed frames of the fixture, with the flows they must make. */
  private static List<byte[]> goodFrames() {
    List<byte[]> f = new ArrayList<>();
    f.add(out(Frames.ipv4(H, NET1, 6, Frames.tcp(40001, 443, 0x02, 20, 0)), V4));
    f.add(in(Frames.ipv4(NET1, H, 6, Frames.tcp(443, 40001, 0x12, 20, 0)), V4));
    f.add(out(Frames.ipv4(H, NET1, 6, Frames.tcp(40001, 443, 0x10, 12, 100)), V4));
    // IPv4 with 8 bytes of options.
    f.add(out(Frames.ipv4(H, NET2, 17, new byte[] {1, 1, 1, 1, 1, 1, 1, 0}, 0, 5, Frames.udp(5353, 53, 30)), V4));
    f.add(Frames.vlan(HOST_MAC, GW_MAC, 42, V4, Frames.ipv4(NET2, H, 17, Frames.udp(53, 5353, 50))));
    f.add(out(Frames.ipv4(H, NET1, 1, Frames.icmpEcho(8, 56)), V4));
    f.add(in(Frames.ipv4(NET1, H, 1, Frames.icmpEcho(0, 56)), V4));
    // IPv6: hop-by-hop, then destination options, then TCP.
    f.add(out(Frames.ipv6("2001:db8::10", "2001:db8:1::1", 0,
        Frames.ext8(60, Frames.ext8(6, Frames.tcp(50000, 80, 0x02, 0, 0)))), V6));
    f.add(Frames.ether(0x333300000001L, HOST_MAC, V6, Frames.ipv6("fe80::10", "ff02::1", 58, Frames.icmpEcho(128, 8))));
    // A UDP datagram in two fragments: 8 bytes UDP header + 24 data, then 20 more at offset 32.
    f.add(out(Frames.ipv4(H, NET1, 17, new byte[0], 0x2000, 77, Frames.udp(6000, 7000, 24)), V4));
    f.add(out(Frames.ipv4(H, NET1, 17, new byte[0], 4, 77, new byte[20]), V4));
    return f;
  }

  private static List<byte[]> badFrames() {
    List<byte[]> f = new ArrayList<>();
    // A later fragment whose first fragment was never seen.
    f.add(out(Frames.ipv4(H, NET1, 17, new byte[0], 10, 99, new byte[16]), V4));
    // IPv4 total length far beyond the frame.
    byte[] longer = out(Frames.ipv4(H, NET1, 17, Frames.udp(1, 2, 10)), V4);
    longer[14 + 2] = 0x03;
    f.add(longer);
    // Header length 12 bytes.
    byte[] shortIhl = out(Frames.ipv4(H, NET1, 17, Frames.udp(1, 2, 10)), V4);
    shortIhl[14] = 0x43;
    f.add(shortIhl);
    // TCP header claiming 60 bytes in a 20-byte segment.
    byte[] tcpOff = out(Frames.ipv4(H, NET1, 6, Frames.tcp(1, 2, 0x10, 0, 0)), V4);
    tcpOff[14 + 20 + 12] = (byte) 0xf0;
    f.add(tcpOff);
    // Nine hop-by-hop headers: more than any real packet, refused by the walk's bound.
    byte[] chain = Frames.udp(1, 2, 0);
    for (int i = 0; i < 9; i++) {
      chain = Frames.ext8(i == 0 ? 17 : 0, chain);
    }
    f.add(out(Frames.ipv6("2001:db8::10", "2001:db8:1::1", 0, chain), V6));
    f.add(new byte[] {1, 2, 3, 4, 5});
    return f;
  }

  @Test
  void aFixtureOfEveryKindMakesExactlyTheExpectedFlowsAndCountsTheRest() throws Exception {
    List<Rec> recs = new ArrayList<>();
    long t = T0;
    for (byte[] f : goodFrames()) {
      recs.add(Rec.whole(f, t += 1000));
    }
    int malformedBefore = recs.size();
    for (byte[] f : badFrames()) {
      recs.add(Rec.whole(f, t += 1000));
    }
    // Cut by the snap length inside the IP header: truncated, not malformed.
    recs.add(Rec.cut(out(Frames.ipv4(H, NET1, 6, Frames.tcp(40002, 443, 0x02, 20, 0)), V4), 30, t += 1000));
    recs.add(Rec.whole(Frames.ether(-1L & 0xffff_ffff_ffffL, HOST_MAC, 0x0806, new byte[28]), t += 1000));
    assertEquals(11, malformedBefore);
    Path file = Frames.pcap(dir.resolve("fixture.pcap"), 1, recs);

    FlowSnapshot s = CaptureService.analyse(file, FlowTable.Settings.defaults(),
        new LanSide(Set.of(GW_MAC), List.of()), 10_000);

    FrameParser.Counters c = s.parse();
    assertEquals(recs.size(), c.frames());
    assertEquals(11, c.decoded());
    assertEquals(1, c.orphanFragments());
    assertEquals(5, c.malformed(), "long IPv4, short IHL, TCP offset, IPv6 chain, 5-byte frame");
    assertEquals(1, c.truncated());
    assertEquals(1, c.notIp());
    assertEquals(0, s.internalErrors());

    Map<String, Flow> flows = s.flows().stream().collect(Collectors.toMap(PacketParserTest::describe, f -> f));
    assertEquals(Set.of(
        "tcp 192.168.77.10:40001 203.0.113.10:443",
        "udp 192.168.77.10:5353 203.0.113.20:53",
        "icmp 192.168.77.10:0 203.0.113.10:0",
        "tcp 2001:db8::10:50000 2001:db8:1::1:80",
        "icmpv6 fe80::10:0 ff02::1:0",
        "udp 192.168.77.10:6000 203.0.113.10:7000"), flows.keySet());
    assertCounts(flows.get("tcp 192.168.77.10:40001 203.0.113.10:443"), 2, 60 + 152, 1, 60);
    assertEquals(TcpState.ESTABLISHED, flows.get("tcp 192.168.77.10:40001 203.0.113.10:443").tcpState());
    assertEquals(HOST_MAC, flows.get("tcp 192.168.77.10:40001 203.0.113.10:443").lanMac());
    assertCounts(flows.get("udp 192.168.77.10:5353 203.0.113.20:53"), 1, 28 + 8 + 30, 1, 28 + 50);
    assertCounts(flows.get("icmp 192.168.77.10:0 203.0.113.10:0"), 1, 84, 1, 84);
    assertCounts(flows.get("tcp 2001:db8::10:50000 2001:db8:1::1:80"), 1, 40 + 16 + 20, 0, 0);
    assertEquals(TcpState.SYN_SENT, flows.get("tcp 2001:db8::10:50000 2001:db8:1::1:80").tcpState());
    assertCounts(flows.get("icmpv6 fe80::10:0 ff02::1:0"), 1, 56, 0, 0);
    assertCounts(flows.get("udp 192.168.77.10:6000 203.0.113.10:7000"), 2, 52 + 40, 0, 0);
  }

  @Test
  void theCaptureLoopHandsOnEveryFrameWithItsLengthsAndTimeAndStopsAtTheCount() throws Exception {
    if (System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").matches("amd64|aarch64")) {
      // The slow pcap4j loop is only a fallback; here the direct one must be in use.
      assertTrue(PcapSource.fastLoop(), "pcap_next_ex loop not available");
    }
    byte[] small = out(Frames.ipv4(H, NET1, 17, Frames.udp(1000, 53, 18)), V4);
    // Longer than the loop's first buffer, so it must grow it.
    byte[] big = out(Frames.ipv4(H, NET1, 17, Frames.udp(1000, 53, 3000)), V4);
    byte[] other = in(Frames.ipv4(NET2, H, 6, Frames.tcp(443, 40001, 0x12, 20, 0)), V4);
    List<Rec> recs = List.of(Rec.whole(small, T0), Rec.whole(big, T0 + 1), Rec.cut(big, 100, T0 + 2_000_003),
        Rec.whole(other, T0 + 3_999_999));
    Path file = Frames.pcap(dir.resolve("loop.pcap"), FrameParser.DLT_EN10MB, recs);
    record Got(byte[] bytes, int wire, long t) {}
    List<Got> got = new ArrayList<>();
    PcapSource.readFile(file, -1, (b, cap, wire, t) -> got.add(new Got(Arrays.copyOf(b, cap), wire, t)));
    assertEquals(4, got.size());
    for (int i = 0; i < 4; i++) {
      Rec r = recs.get(i);
      assertArrayEquals(r.data(), got.get(i).bytes(), "frame " + i);
      assertEquals(r.wireLen(), got.get(i).wire(), "wire length of frame " + i);
      assertEquals(r.micros(), got.get(i).t(), "time of frame " + i);
    }
    List<Got> two = new ArrayList<>();
    try (PcapSource src = PcapSource.offline(file)) {
      assertTrue(src.run(2, (b, cap, wire, t) -> two.add(new Got(Arrays.copyOf(b, cap), wire, t))));
    }
    assertEquals(2, two.size());
    assertArrayEquals(big, two.get(1).bytes());
  }

  @Test
  void fieldsOfSingleFramesAreDecodedInPlace() {
    FrameParser p = new FrameParser();
    byte[] f = Frames.vlan(HOST_MAC, GW_MAC, 42, V4, Frames.ipv4(NET2, H, 17, Frames.udp(53, 5353, 50)));
    PacketSummary s = p.parseEthernet(f, f.length, f.length, 7);
    assertNotNull(s);
    assertEquals(42, s.vlan());
    assertEquals(4, s.ipVersion());
    assertEquals(IpAddress.parse(NET2), s.src());
    assertEquals(53, s.srcPort());
    assertEquals(5353, s.dstPort());
    assertEquals(78, s.ipLength());
    assertEquals(GW_MAC, s.srcMac());

    byte[] syn = out(Frames.ipv4(H, NET1, 6, Frames.tcp(40001, 443, 0x02, 20, 0)), V4);
    PacketSummary t = p.parseEthernet(syn, syn.length, syn.length, 8);
    assertEquals(40, t.tcpHeaderLength());
    assertEquals(PacketSummary.SYN, t.tcpFlags());

    // Ethernet pads short frames to 60 bytes: the IP length, not the frame, counts.
    byte[] padded = java.util.Arrays.copyOf(out(Frames.ipv4(H, NET1, 17, Frames.udp(1, 2, 0)), V4), 60);
    assertEquals(28, p.parseEthernet(padded, 60, 64, 9).ipLength());
    assertNull(p.parseEthernet(new byte[0], 0, 0, 10));
  }

  @Test
  void anIpv6PacketWithAnIpv4MappedAddressIsMalformedNotIpv4Traffic() {
    // Found by CaptureFuzzTest: ::ffff:192.168.77.11 was shown as the IPv4 host 192.168.77.11.
    FrameParser p = new FrameParser();
    for (String[] a : new String[][] {{"::ffff:192.168.77.11", "2001:db8::1"}, {"fd00::10", "::ffff:203.0.113.10"}}) {
      byte[] f = out(Frames.ipv6(a[0], a[1], 17, Frames.udp(1000, 53, 8)), V6);
      assertNull(p.parseEthernet(f, f.length, f.length, 11), a[0] + " -> " + a[1]);
    }
    assertEquals(2, p.counters().malformed());
    byte[] ok = out(Frames.ipv6("fd00::10", "2001:db8::1", 17, Frames.udp(1000, 53, 8)), V6);
    assertNotNull(p.parseEthernet(ok, ok.length, ok.length, 12));
  }

  @Test
  void randomAndMutilatedFramesAreCountedAndNeverThrown() throws Exception {
    Random r = new Random(20240611);
    List<byte[]> seeds = new ArrayList<>(goodFrames());
    seeds.addAll(badFrames());
    List<Rec> recs = new ArrayList<>();
    long t = T0;
    for (int i = 0; i < 5_000; i++) {
      byte[] base = seeds.get(r.nextInt(seeds.size())).clone();
      switch (r.nextInt(4)) {
        case 0 -> {
          for (int k = 0; k < 1 + r.nextInt(6); k++) {
            base[r.nextInt(base.length)] = (byte) r.nextInt(256);
          }
          recs.add(Rec.whole(base, t += 10));
        }
        case 1 -> recs.add(Rec.cut(base, r.nextInt(base.length + 1), t += 10));
        case 2 -> {
          byte[] junk = new byte[r.nextInt(120)];
          r.nextBytes(junk);
          if (junk.length > 14) {
            junk[12] = (byte) (r.nextBoolean() ? 0x08 : 0x86);
            junk[13] = (byte) (junk[12] == 0x08 ? 0x00 : 0xdd);
          }
          recs.add(Rec.whole(junk, t += 10));
        }
        default -> recs.add(new Rec(java.util.Arrays.copyOf(base, Math.max(0, base.length - r.nextInt(8))),
            base.length + r.nextInt(3), t += 10));
      }
    }
    Path file = Frames.pcap(dir.resolve("fuzz.pcap"), 1, recs);
    FlowSnapshot s = CaptureService.analyse(file, FlowTable.Settings.defaults().withMaxFlows(64),
        new LanSide(Set.of(GW_MAC), List.of()), 100_000);
    FrameParser.Counters c = s.parse();
    assertEquals(recs.size(), c.frames(), "every frame reached the parser: the capture kept going");
    assertEquals(c.frames(), c.decoded() + c.notIp() + c.truncated() + c.malformed() + c.orphanFragments(),
        "every frame is accounted for exactly once: " + c);
    assertEquals(0, s.internalErrors());
    assertEquals(c.decoded(), s.table().packets());
  }

  private static void assertCounts(Flow f, long pOut, long bOut, long pIn, long bIn) {
    assertEquals(List.of(pOut, bOut, pIn, bIn), List.of(f.packetsOut(), f.bytesOut(), f.packetsIn(), f.bytesIn()),
        "packets/bytes out, packets/bytes in of " + describe(f));
  }

  static String describe(Flow f) {
    FlowKey k = f.key();
    return f.protocolName() + " " + k.lanAddress() + ":" + k.lanPort() + " " + k.remoteAddress() + ":"
        + k.remotePort();
  }
}
