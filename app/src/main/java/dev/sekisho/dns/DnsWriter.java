package dev.sekisho.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes simple DNS messages without compression: queries (for probes and benchmarks) and answers with A,
 * AAAA and CNAME records (for the lab's authoritative server and tests). Names must be valid ASCII names.
 */
public final class DnsWriter {
  private DnsWriter() {}

  /** A query for one name and type, recursion desired. */
  public static byte[] query(int id, String name, int type) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    u16(b, id);
    u16(b, 0x0100);
    u16(b, 1);
    u16(b, 0);
    u16(b, 0);
    u16(b, 0);
    name(b, name);
    u16(b, type);
    u16(b, DnsMessage.IN);
    return b.toByteArray();
  }

  /** An answer to a query: its id and question, the given records, rcode 0 (or 3, NXDOMAIN, when none). */
  public static byte[] answer(int id, String question, int qtype, List<DnsMessage.Record> records, boolean nx) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    u16(b, id);
    u16(b, 0x8580 | (nx ? 3 : 0));
    u16(b, 1);
    u16(b, records.size());
    u16(b, 0);
    u16(b, 0);
    name(b, question);
    u16(b, qtype);
    u16(b, DnsMessage.IN);
    for (DnsMessage.Record r : records) {
      name(b, r.name());
      u16(b, r.type());
      u16(b, DnsMessage.IN);
      u16(b, (int) (r.ttl() >>> 16));
      u16(b, (int) (r.ttl() & 0xFFFF));
      if (r.type() == DnsMessage.CNAME) {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        name(t, r.target());
        u16(b, t.size());
        b.writeBytes(t.toByteArray());
      } else {
        u16(b, r.address().length);
        b.writeBytes(r.address());
      }
    }
    return b.toByteArray();
  }

  private static void u16(ByteArrayOutputStream b, int v) {
    b.write((v >> 8) & 0xFF);
    b.write(v & 0xFF);
  }

  private static void name(ByteArrayOutputStream b, String name) {
    if (!name.isEmpty()) {
      for (String label : name.split("\\.")) {
        byte[] l = label.getBytes(StandardCharsets.US_ASCII);
        b.write(l.length);
        b.writeBytes(l);
      }
    }
    b.write(0);
  }
}
