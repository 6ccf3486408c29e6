package dev.sekisho.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A bounded reader of DNS messages (RFC 1035) from the network: every length, count and pointer is checked
 * against the bytes actually there, so hostile input costs bounded time and memory and ends in a {@link
 * Malformed} with a reason, never in another exception. Bounds: names of at most 255 bytes in wire form and
 * labels of at most 63, compression pointers that point strictly backwards (so no loop) and at most
 * {@link #MAX_POINTERS} of them per name, at most {@link #MAX_RECORDS} records in all sections together, one
 * question, class IN, messages of at most 65,535 bytes. Label bytes outside letters, digits, hyphen and
 * underscore are refused: a name read here may be shown and compared, and is then plain ASCII text.
 */
public final class DnsReader {
  /** The most records of all sections a message may announce. */
  public static final int MAX_RECORDS = 512;
  /** The most compression pointers followed in one name. */
  public static final int MAX_POINTERS = 32;
  /** The longest name in wire form (RFC 1035 2.3.4). */
  public static final int MAX_NAME = 255;
  /** The longest label. */
  public static final int MAX_LABEL = 63;

  private final byte[] b;
  private final int len;
  private int pos;

  private DnsReader(byte[] b, int len) {
    this.b = b;
    this.len = len;
  }

  /** Why a message was dropped: a stable code, counted by the forwarder. */
  public static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;
    private final String reason;

    Malformed(String reason) {
      super(reason, null, false, false);
      this.reason = reason;
    }

    /** The stable code: {@code truncated}, {@code pointer_loop}, {@code name_too_long}, ... */
    public String reason() {
      return reason;
    }
  }

  /** Reads the first {@code len} bytes of {@code b} as one DNS message. */
  public static DnsMessage read(byte[] b, int len) throws Malformed {
    if (b == null || len < 0 || len > b.length || len > 65535) {
      throw new Malformed("length");
    }
    return new DnsReader(b, len).message();
  }

  /** Reads a whole array as one DNS message. */
  public static DnsMessage read(byte[] b) throws Malformed {
    return read(b, b == null ? 0 : b.length);
  }

  private DnsMessage message() throws Malformed {
    if (len < 12) {
      throw new Malformed("truncated");
    }
    int id = u16(0);
    int flags = u16(2);
    int qd = u16(4);
    int an = u16(6);
    int ns = u16(8);
    int ar = u16(10);
    if (qd != 1) {
      throw new Malformed("question_count");
    }
    if (an + ns + ar > MAX_RECORDS) {
      throw new Malformed("record_count");
    }
    // each record takes at least 11 bytes: a count that the message cannot hold is a lie
    if (12 + 5 + 11L * (an + ns + ar) > len) {
      throw new Malformed("truncated");
    }
    pos = 12;
    String q = name();
    int qat = need(4);
    int qtype = u16(qat);
    int qclass = u16(qat + 2);
    pos += 4;
    List<DnsMessage.Record> answers = new ArrayList<>();
    for (int i = 0; i < an + ns + ar; i++) {
      String owner = name();
      int at = need(10);
      int type = u16(at);
      int cls = u16(at + 2);
      long ttl = ((long) u16(at + 4) << 16) | u16(at + 6);
      int rdlen = u16(at + 8);
      pos += 10;
      int rdata = need(rdlen);
      if (ttl > Integer.MAX_VALUE) {
        ttl = 0;
      }
      if (i < an && cls == DnsMessage.IN) {
        if (type == DnsMessage.A || type == DnsMessage.AAAA) {
          int size = type == DnsMessage.A ? 4 : 16;
          if (rdlen != size) {
            throw new Malformed("address_length");
          }
          byte[] addr = new byte[size];
          System.arraycopy(b, rdata, addr, 0, size);
          answers.add(new DnsMessage.Record(owner, type, ttl, addr, null));
        } else if (type == DnsMessage.CNAME) {
          String target = name();
          if (pos != rdata + rdlen) {
            throw new Malformed("rdata_length");
          }
          answers.add(new DnsMessage.Record(owner, type, ttl, null, target));
        }
      }
      pos = rdata + rdlen;
    }
    return new DnsMessage(id, flags, q, qtype, qclass, List.copyOf(answers));
  }

  /** Checks that {@code n} more bytes are there; returns where they start (pos unchanged). */
  private int need(int n) throws Malformed {
    if (n < 0 || pos + n > len) {
      throw new Malformed("truncated");
    }
    return pos;
  }

  private int u16(int at) throws Malformed {
    if (at < 0 || at + 2 > len) {
      throw new Malformed("truncated");
    }
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  /** Reads a name at {@code pos}, following compression pointers; leaves pos after the name's first part. */
  private String name() throws Malformed {
    StringBuilder out = new StringBuilder();
    int p = pos;
    int wire = 1;
    int pointers = 0;
    int end = -1;
    int lowest = pos;
    while (true) {
      if (p >= len) {
        throw new Malformed("truncated");
      }
      int l = b[p] & 0xFF;
      if (l == 0) {
        if (end < 0) {
          end = p + 1;
        }
        break;
      }
      if ((l & 0xC0) == 0xC0) {
        if (p + 1 >= len) {
          throw new Malformed("truncated");
        }
        int target = ((l & 0x3F) << 8) | (b[p + 1] & 0xFF);
        // strictly backwards from everything read so far: a chain of such pointers cannot loop
        if (target >= lowest) {
          throw new Malformed("pointer_loop");
        }
        if (++pointers > MAX_POINTERS) {
          throw new Malformed("pointer_loop");
        }
        if (end < 0) {
          end = p + 2;
        }
        lowest = target;
        p = target;
        continue;
      }
      if ((l & 0xC0) != 0) {
        throw new Malformed("label_type");
      }
      if (l > MAX_LABEL) {
        throw new Malformed("label_too_long");
      }
      wire += l + 1;
      if (wire > MAX_NAME) {
        throw new Malformed("name_too_long");
      }
      if (p + 1 + l > len) {
        throw new Malformed("truncated");
      }
      if (out.length() > 0) {
        out.append('.');
      }
      for (int i = p + 1; i <= p + l; i++) {
        int c = b[i] & 0xFF;
        if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
          throw new Malformed("label_character");
        }
        out.append((char) c);
      }
      p += 1 + l;
    }
    pos = end;
    return out.toString().toLowerCase(Locale.ROOT);
  }
}
