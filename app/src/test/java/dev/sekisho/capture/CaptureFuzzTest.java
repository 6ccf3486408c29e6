package dev.sekisho.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Coverage-guided fuzzing of what the capture threads read from the network: Ethernet frames and raw IP
 * packets ({@link FrameParser}, then the {@link FlowTable}) and NFLOG records ({@link NflogParser}, then
 * {@link BlockedLog}, which decodes the logged packet). The parsers count a bad frame and never throw, so
 * any exception is a finding; besides, a parser never reads past the captured length (the same frame with
 * other bytes after {@code capLen} decodes the same), its counters add up, and what it returns is in range.
 *
 * <p>The first four bytes of the input choose the link type (Ethernet, raw IP, NFLOG with little- or
 * big-endian TLV headers), how many of the frame's bytes were not captured and how much longer it was on the
 * wire; the rest is the frame.
 */
class CaptureFuzzTest {
  private static final long GW_MAC = 0x025e6b000001L;

  @FuzzTest(maxDuration = "10m")
  void captureFrames(byte[] input) {
    if (input.length < 4) {
      return;
    }
    int mode = (input[0] & 0xff) % 4;
    int cut = (input[1] & 0xff) % 17;
    int wireExtra = ((input[2] & 0xff) << 8 | (input[3] & 0xff)) % 2001;
    byte[] frame = Arrays.copyOfRange(input, 4, input.length);
    int capLen = Math.max(0, frame.length - cut);
    int wireLen = capLen + wireExtra;
    long micros = 1_700_000_000_000_000L;
    switch (mode) {
      case 0 -> ethernet(frame, capLen, wireLen, micros);
      case 1 -> rawIp(frame, capLen, wireLen, micros);
      default -> nflog(frame, capLen, micros, mode == 2 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    }
  }

  private static void ethernet(byte[] frame, int capLen, int wireLen, long micros) {
    FrameParser parser = new FrameParser();
    PacketSummary p = parser.parseEthernet(frame, capLen, wireLen, micros);
    assertEquals(p, new FrameParser().parseEthernet(garbageAfter(frame, capLen), capLen, wireLen, micros),
        "nothing after capLen is read");
    check(parser, p);
    if (p != null) {
      FlowTable table = new FlowTable(FlowTable.Settings.defaults(), new LanSide(Set.of(GW_MAC), List.of()));
      table.add(p);
      assertNotNull(table.snapshot(micros, parser.counters(), KernelStats.NONE, 0));
    }
  }

  private static void rawIp(byte[] frame, int capLen, int wireLen, long micros) {
    FrameParser parser = new FrameParser();
    PacketSummary p = parser.parseIp(frame, 0, capLen, wireLen, micros);
    assertEquals(p, new FrameParser().parseIp(garbageAfter(frame, capLen), 0, capLen, wireLen, micros));
    check(parser, p);
  }

  private static void nflog(byte[] record, int len, long micros, ByteOrder order) {
    NflogParser parser = new NflogParser(order);
    NflogParser.Record r = parser.parse(record, len);
    assertEquals(r, parser.parse(garbageAfter(record, len), len), "nothing after len is read");
    if (r != null) {
      if (r.payloadOffset() >= 0) {
        assertTrue(r.payloadOffset() >= 4 && r.payloadEnd() <= len, r::toString);
      }
      if (r.prefix() != null) {
        assertTrue(r.prefix().length() <= NflogParser.MAX_PREFIX && r.prefix().chars().allMatch(c -> c >= 0x20
            && c <= 0x7e), "the prefix is printable ASCII");
      }
    }
    BlockedLog log = new BlockedLog(4, parser);
    BlockedEvent e = log.accept(record, len, micros);
    BlockedLog.Counters c = log.counters();
    assertEquals(1, c.records());
    assertEquals(e == null ? 0 : 1, c.events());
    if (e != null) {
      assertTrue(e.ruleId() > 0, e::toString);
      assertNotNull(e.src());
      assertNotNull(e.dst());
    }
  }

  /** The counters add up, and a summary's fields are in range. */
  private static void check(FrameParser parser, PacketSummary p) {
    FrameParser.Counters c = parser.counters();
    assertEquals(1, c.frames());
    assertEquals(1, c.decoded() + c.notIp() + c.truncated() + c.malformed() + c.orphanFragments(), c::toString);
    assertEquals(p != null, c.decoded() == 1);
    if (p == null) {
      return;
    }
    assertTrue(p.ipVersion() == 4 || p.ipVersion() == 6, p::toString);
    assertTrue(p.protocol() >= 0 && p.protocol() <= 255, p::toString);
    assertTrue(p.srcPort() >= 0 && p.srcPort() <= 65535 && p.dstPort() >= 0 && p.dstPort() <= 65535, p::toString);
    assertTrue(p.tcpFlags() >= 0 && p.tcpFlags() <= 255, p::toString);
    assertTrue(p.vlan() >= -1 && p.vlan() <= 4095, p::toString);
    assertTrue(p.icmpType() >= -1 && p.icmpType() <= 255, p::toString);
    assertTrue(p.ipLength() >= 20 && p.ipLength() <= 65535 + 40, p::toString);
    assertEquals(p.ipVersion() == 4, p.src().isV4(), p::toString);
    assertEquals(p.ipVersion() == 4, p.dst().isV4(), p::toString);
  }

  /** The same bytes up to {@code capLen}, then 0xff to a full snap length. */
  private static byte[] garbageAfter(byte[] frame, int capLen) {
    byte[] b = Arrays.copyOf(frame, Math.max(frame.length, capLen) + 64);
    Arrays.fill(b, Math.min(capLen, frame.length), b.length, (byte) 0xff);
    return b;
  }
}
