package dev.sekisho.config;

import java.time.Instant;
import java.util.Objects;

/**
 * An answer the admin gave in the decisions inbox for a host in ask mode: the host's new connections to one
 * destination address, protocol and port are allowed or denied, for good or until {@code expires}. The
 * compiler turns decisions into elements of the per-family sets {@code ask_allow4}/{@code ask_deny4} (and
 * {@code …6}), looked up right before the host's ask step, so a new decision reaches the kernel as one
 * {@code nft add element} without reloading the table.
 *
 * @param id stable identifier (decisions are numbered on their own)
 * @param hostId the host it is for
 * @param destination the destination address (either family)
 * @param protocol {@link Protocol#TCP} or {@link Protocol#UDP}
 * @param port the destination port, 1 to 65535
 * @param verdict {@link Action#ALLOW} or {@link Action#DENY}
 * @param expires when an "allow once" ends, or {@code null} for a permanent decision
 */
public record Decision(long id, long hostId, IpAddr destination, Protocol protocol, int port, Action verdict,
    Instant expires) {

  /** How long "allow once" allows. */
  public static final java.time.Duration ONCE = java.time.Duration.ofHours(1);

  /** Checks the fields. */
  public Decision {
    if (id <= 0 || hostId <= 0) {
      throw new ParseException("problem.decision.id_positive");
    }
    Objects.requireNonNull(destination, "destination");
    if (protocol != Protocol.TCP && protocol != Protocol.UDP) {
      throw new ParseException("problem.decision.protocol");
    }
    if (port < 1 || port > 65535) {
      throw new ParseException("problem.json.port_range", port);
    }
    if (verdict != Action.ALLOW && verdict != Action.DENY) {
      throw new ParseException("problem.decision.verdict");
    }
  }

  /** True for an IPv6 destination. */
  public boolean ipv6() {
    return destination.ipv6();
  }

  /** True when it has an end and that end is not after {@code now}. */
  public boolean expiredAt(Instant now) {
    return expires != null && !expires.isAfter(now);
  }

  /** True when the decision is about the same host, destination, protocol and port. */
  public boolean sameKey(Decision o) {
    return hostId == o.hostId && destination.equals(o.destination) && protocol == o.protocol && port == o.port;
  }

  /** The verdict label with the expiry, for lists and diffs ({@code allow until …}, {@code deny}). */
  public String summary() {
    return hostId + " " + protocol.label() + " " + destination + " port " + port + ": " + verdict.label()
        + (expires == null ? "" : " until " + expires);
  }
}
