package dev.sekisho.config;

import java.util.List;
import java.util.Objects;

/**
 * One port forward (destination NAT): new connections arriving on the WAN interface for a protocol and port
 * (or range) are sent to a LAN server. The filter rule that lets them through is part of the forward; no
 * second rule is needed. IPv4 only.
 *
 * @param id stable identifier, shown as "forward #id" and carried into the ruleset's comments
 * @param protocol tcp, udp or tcp+udp
 * @param wanPorts the port or range on the WAN side
 * @param hostId the LAN host (from the inventory) it goes to, or {@code null} when {@code target} is given
 * @param target the LAN address it goes to when {@code hostId} is {@code null}; otherwise {@code null}
 * @param targetPort the first port on the server, or {@code null} for the same port(s) as on the WAN; with a
 *     range the whole range is shifted so that the first WAN port goes to this port
 * @param allowedSources the only WAN sources that may use it; empty for any
 * @param reflection whether LAN hosts reach it through the WAN address too (NAT reflection, hairpin)
 * @param log whether new forwarded connections are logged (rate-limited)
 * @param comment the admin's note
 * @param enabled whether the forward is part of the ruleset
 * @param allowedListId an address list whose IPv4 entries are the only WAN sources that may use it (instead of
 *     {@code allowedSources}), or {@code null}
 */
public record PortForward(
    long id,
    Protocol protocol,
    PortRange wanPorts,
    Long hostId,
    Ipv4 target,
    Integer targetPort,
    List<Cidr> allowedSources,
    boolean reflection,
    boolean log,
    Comment comment,
    boolean enabled,
    Long allowedListId) {

  /** At most this many allowed source networks per forward. */
  public static final int MAX_SOURCES = 64;

  /** Checks the fields that make sense on their own; references are checked by {@link ConfigValidator}. */
  public PortForward {
    if (id <= 0) {
      throw new ParseException("problem.forward.id_positive");
    }
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(wanPorts, "wanPorts");
    Objects.requireNonNull(comment, "comment");
    if (!protocol.hasPorts()) {
      throw new ParseException("problem.forward.protocol", protocol.label());
    }
    if ((hostId == null) == (target == null)) {
      throw new ParseException("problem.forward.target_one");
    }
    if (targetPort != null && (targetPort < 1 || targetPort > 65535)) {
      throw new ParseException("problem.port.range", targetPort);
    }
    allowedSources = allowedSources == null ? List.of()
        : allowedSources.stream().sorted().distinct().toList();
    if (allowedSources.size() > MAX_SOURCES) {
      throw new ParseException("problem.forward.sources_count", MAX_SOURCES);
    }
    if (allowedListId != null && !allowedSources.isEmpty()) {
      throw new ParseException("problem.forward.sources_and_list");
    }
  }

  /** A forward whose allowed sources are given as networks (or none). */
  public PortForward(long id, Protocol protocol, PortRange wanPorts, Long hostId, Ipv4 target, Integer targetPort,
      List<Cidr> allowedSources, boolean reflection, boolean log, Comment comment, boolean enabled) {
    this(id, protocol, wanPorts, hostId, target, targetPort, allowedSources, reflection, log, comment, enabled, null);
  }

  /** The first port on the server. */
  public int firstTargetPort() {
    return targetPort == null ? wanPorts.from() : targetPort;
  }

  /** The last port on the server (may exceed 65535 in an invalid forward; the validator refuses that). */
  public int lastTargetPort() {
    return firstTargetPort() + (wanPorts.to() - wanPorts.from());
  }

  /** True when the server ports differ from the WAN ports. */
  public boolean shiftsPorts() {
    return targetPort != null && targetPort != wanPorts.from();
  }

  /** This forward enabled or disabled. */
  public PortForward withEnabled(boolean on) {
    return new PortForward(id, protocol, wanPorts, hostId, target, targetPort, allowedSources, reflection, log,
        comment, on, allowedListId);
  }

  /**
   * Parses allowed sources as typed: IPv4 addresses or networks separated by commas, spaces or new lines;
   * blank is none (any source).
   *
   * @throws ParseException at the first bad one
   */
  public static List<Cidr> parseSources(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    if (text.length() > MAX_SOURCES * 20) {
      throw new ParseException("problem.forward.sources_count", MAX_SOURCES);
    }
    List<Cidr> out = new java.util.ArrayList<>();
    for (String part : text.strip().split("[\\s,]+")) {
      if (!part.isEmpty()) {
        out.add(Cidr.parse(part));
      }
    }
    List<Cidr> sorted = out.stream().sorted().distinct().toList();
    if (sorted.size() > MAX_SOURCES) {
      throw new ParseException("problem.forward.sources_count", MAX_SOURCES);
    }
    return sorted;
  }
}
