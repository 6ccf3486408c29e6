package dev.sekisho.capture;

import java.time.Instant;

/**
 * One packet that an admin's rule logged (the compiler's {@code log prefix "sekisho:r<id>:<action> "}):
 * in practice what deny and reject rules blocked, attributed to the rule.
 *
 * @param time when it was logged
 * @param ruleId the admin's rule id ({@code #id})
 * @param action the rule's action as in the prefix: "deny", "reject" or "allow"
 * @param protocol IP protocol number
 * @param src source address
 * @param srcPort source port, 0 without ports
 * @param dst destination address
 * @param dstPort destination port, 0 without ports
 * @param srcMac the source MAC if the kernel reported one, else 0
 * @param hostName inventory name of the source host as of the query, null if unknown (never stored)
 */
public record BlockedEvent(Instant time, long ruleId, String action, int protocol, IpAddress src, int srcPort,
    IpAddress dst, int dstPort, long srcMac, String hostName) {

  /** "tcp", "udp", ... */
  public String protocolName() {
    return IpProtocols.name(protocol);
  }

  BlockedEvent named(String name) {
    return new BlockedEvent(time, ruleId, action, protocol, src, srcPort, dst, dstPort, srcMac, name);
  }

  /** The source MAC as text; empty when the kernel reported none. */
  public String srcMacText() {
    return Bytes.macText(srcMac);
  }
}
