package dev.sekisho.dns;

import java.util.List;

/**
 * The parts of a DNS message Sekisho reads: the header, the one question, and the answer section's address
 * and alias records (other types are skipped, their length checked).
 *
 * @param id the message id
 * @param flags the 16 flag bits (QR, opcode, AA, TC, RD, RA, Z, RCODE)
 * @param question the asked name, lowercase, without a trailing dot ({@code ""} for the root)
 * @param qtype the asked type
 * @param qclass the asked class
 * @param answers the answer section's A, AAAA and CNAME records, in order
 */
public record DnsMessage(int id, int flags, String question, int qtype, int qclass, List<Record> answers) {
  /** Type A. */
  public static final int A = 1;
  /** Type CNAME. */
  public static final int CNAME = 5;
  /** Type AAAA. */
  public static final int AAAA = 28;
  /** Class IN. */
  public static final int IN = 1;

  /** True for a response (QR set). */
  public boolean response() {
    return (flags & 0x8000) != 0;
  }

  /** The response code (low four bits of the flags). */
  public int rcode() {
    return flags & 0xF;
  }

  /** The opcode (0 is a standard query). */
  public int opcode() {
    return (flags >> 11) & 0xF;
  }

  /**
   * One answer record.
   *
   * @param name the owner name, lowercase, without a trailing dot
   * @param type A, AAAA or CNAME
   * @param ttl time to live in seconds (0 to 2^31-1; larger values read as 0, as RFC 2181 says)
   * @param address the 4 or 16 address bytes for A and AAAA, else {@code null}
   * @param target the alias target for CNAME, else {@code null}
   */
  public record Record(String name, int type, long ttl, byte[] address, String target) {}
}
