package dev.sekisho.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sekisho.capture.Frames.Rec;
import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.Ipv4;
import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NFLOG records as libpcap delivers them (TLV headers in host order), good and bad, into blocked events. */
class NflogParserTest {
  private static final boolean LE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  @TempDir
  Path dir;

  /** One TLV, padded to 4 bytes; the length field says {@code claimed} or the real length when -1. */
  static void tlv(ByteArrayOutputStream b, int type, byte[] value, int claimed) {
    int len = claimed >= 0 ? claimed : 4 + value.length;
    host16(b, len);
    host16(b, type);
    b.writeBytes(value);
    for (int i = value.length; i % 4 != 0; i++) {
      b.write(0);
    }
  }

  private static void host16(ByteArrayOutputStream b, int v) {
    if (LE) {
      b.write(v);
      b.write(v >>> 8);
    } else {
      b.write(v >>> 8);
      b.write(v);
    }
  }

  static byte[] record(String prefix, byte[] payload) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(new byte[] {2, 0, 0, 1});
    tlv(b, NflogParser.NFULA_PACKET_HDR, new byte[] {0x08, 0x00, 2, 0}, -1);
    if (prefix != null) {
      byte[] p = prefix.getBytes(StandardCharsets.ISO_8859_1);
      byte[] z = java.util.Arrays.copyOf(p, p.length + 1);
      tlv(b, NflogParser.NFULA_PREFIX, z, -1);
    }
    tlv(b, NflogParser.NFULA_HWADDR, new byte[] {0, 6, 0, 0, 2, 0x5e, 0x6b, 0, 1, 0x0c, 0, 0}, -1);
    if (payload != null) {
      tlv(b, NflogParser.NFULA_PAYLOAD, payload, -1);
    }
    return b.toByteArray();
  }

  private static byte[] printerSyn() {
    return Frames.ipv4("192.168.77.12", "203.0.113.10", 6, Frames.tcp(41000, 80, 0x02, 20, 0));
  }

  @Test
  void aSekishoRecordBecomesAnEventWithRuleActionAddressesAndHostName() {
    BlockedLog log = new BlockedLog(10, new NflogParser());
    byte[] r = record("sekisho:r12:deny ", printerSyn());
    BlockedEvent e = log.accept(r, r.length, 1_700_000_000_000_000L);
    assertEquals(12, e.ruleId());
    assertEquals("deny", e.action());
    assertEquals("tcp", e.protocolName());
    assertEquals("192.168.77.12", e.src().toString());
    assertEquals("203.0.113.10", e.dst().toString());
    assertEquals(41000, e.srcPort());
    assertEquals(80, e.dstPort());
    assertEquals(0x025e6b00010cL, e.srcMac());
    Config c = Config.empty().withHost(new Host(3, "printer", null, Ipv4.parse("192.168.77.12")));
    assertEquals("printer", log.recent(5, HostNames.of(c)).get(0).hostName());
    assertNull(log.recent(5, HostNames.NONE).get(0).hostName());
  }

  @Test
  void malformedAndForeignRecordsAreCountedNotThrown() {
    BlockedLog log = new BlockedLog(10, new NflogParser());
    List<byte[]> bad = new ArrayList<>();
    bad.add(new byte[] {2, 0});
    bad.add(new byte[] {2, 1, 0, 1});
    ByteArrayOutputStream shortTlv = new ByteArrayOutputStream();
    shortTlv.writeBytes(new byte[] {2, 0, 0, 1});
    tlv(shortTlv, NflogParser.NFULA_PREFIX, new byte[] {'s', 0}, 2);
    bad.add(shortTlv.toByteArray());
    ByteArrayOutputStream overlong = new ByteArrayOutputStream();
    overlong.writeBytes(new byte[] {2, 0, 0, 1});
    tlv(overlong, NflogParser.NFULA_PREFIX, "sekisho:r1:deny ".getBytes(StandardCharsets.US_ASCII), 400);
    bad.add(overlong.toByteArray());
    bad.add(record("sekisho:r1:deny ", null));
    bad.add(record("sekisho:r1:deny ", new byte[] {0x45, 0, 0}));
    ByteArrayOutputStream many = new ByteArrayOutputStream();
    many.writeBytes(new byte[] {2, 0, 0, 1});
    for (int i = 0; i < 100; i++) {
      tlv(many, 2, new byte[4], -1);
    }
    bad.add(many.toByteArray());
    for (byte[] b : bad) {
      assertNull(log.accept(b, b.length, 1));
    }
    List<byte[]> foreign = List.of(record("other:r1:deny ", printerSyn()), record(null, printerSyn()),
        record("sekisho:r1:deny <script>", printerSyn()), record("sekisho:r1:d\u00e9ny ", printerSyn()),
        record("sekisho:r0:deny ", printerSyn()));
    for (byte[] b : foreign) {
      assertNull(log.accept(b, b.length, 1));
    }
    BlockedLog.Counters c = log.counters();
    assertEquals(bad.size() + foreign.size(), c.records());
    assertEquals(bad.size(), c.malformed());
    assertEquals(foreign.size(), c.foreign());
    assertEquals(0, c.events());
  }

  @Test
  void theRingKeepsTheNewestAndCountsWhatItOverwrote() {
    BlockedLog log = new BlockedLog(3, new NflogParser());
    for (int i = 1; i <= 5; i++) {
      byte[] r = record("sekisho:r" + i + ":reject ", printerSyn());
      log.accept(r, r.length, i);
    }
    assertEquals(List.of(5L, 4L, 3L), log.recent(10, HostNames.NONE).stream().map(BlockedEvent::ruleId).toList());
    assertEquals(2, log.counters().overwritten());
  }

  @Test
  void anNflogPcapFileIsReadThroughLibpcapWithTheSnapLengthCuttingOnlyThePayload() throws Exception {
    byte[] whole = record("sekisho:r7:deny ", printerSyn());
    byte[] udp = record("sekisho:r8:reject ", Frames.ipv4("192.168.77.12", "203.0.113.20", 17, Frames.udp(5, 53, 40)));
    List<Rec> recs = List.of(Rec.whole(whole, 1_000_000), Rec.cut(udp, udp.length - 30, 2_000_000));
    Path file = Frames.pcap(dir.resolve("nflog.pcap"), NflogParser.DLT_NFLOG, recs);
    BlockedLog log = new BlockedLog(10, new NflogParser());
    try (PcapSource src = PcapSource.offline(file)) {
      assertEquals(NflogParser.DLT_NFLOG, src.linkType());
      src.run(100, (b, cap, wire, t) -> log.accept(b, cap, t));
    }
    List<BlockedEvent> es = log.recent(10, HostNames.NONE);
    assertEquals(2, es.size());
    assertEquals(8, es.get(0).ruleId());
    assertEquals(53, es.get(0).dstPort());
    assertEquals(7, es.get(1).ruleId());
    assertEquals(1, es.get(1).time().getEpochSecond());
  }
}
