package dev.sekisho.config;

import java.time.Instant;
import java.util.Objects;

/**
 * One outbound (LAN to anywhere) forwarding rule. Rules are evaluated in list order; the first one that
 * matches a new connection decides. Replies of allowed connections always pass (connection tracking).
 *
 * @param id stable identifier, shown to the admin as "#id" and carried into the ruleset's comments
 * @param sourceHostId the host the rule is about, or {@code null} for every LAN host
 * @param destination where the connection goes (an IPv4 or an IPv6 network; a rule with one applies to that
 *     family only), or {@code null} for anywhere in both families
 * @param protocol the transport protocol
 * @param ports destination ports, or {@code null} for all; only with TCP/UDP
 * @param action what to do with a match
 * @param log whether matching packets are logged (rate-limited)
 * @param comment the admin's note
 * @param enabled whether the rule is part of the ruleset
 * @param sourceGroupId a host group as the source instead of one host (then {@code sourceHostId} is null), or
 *     {@code null}
 * @param destinationListId an address list as the destination instead of one network (then {@code
 *     destination} is null), or {@code null}
 * @param serviceId a service instead of a protocol and ports (then {@code protocol} is ANY and {@code ports}
 *     null), or {@code null}
 * @param scheduleId a schedule: the rule matches only inside its windows, or {@code null} for always
 * @param expiresAt when a temporary rule ends by itself (the kernel stops matching it then), or {@code null}
 *     for a rule without end
 * @param connectionLimit for "allow the next N connections": how many new connections the rule allows in
 *     all (1 to {@link #MAX_CONNECTIONS}; only on an allow rule), or {@code null} for no limit
 * @param destinationDomain a domain name as the destination instead of a network or a list (then both are
 *     null): the rule matches the addresses DNS answers for that name gave the LAN, learned by the gateway's
 *     DNS forwarder before it passes the answer on; or {@code null}
 */
public record Rule(
    long id,
    Long sourceHostId,
    Network destination,
    Protocol protocol,
    PortRange ports,
    Action action,
    boolean log,
    Comment comment,
    boolean enabled,
    Long sourceGroupId,
    Long destinationListId,
    Long serviceId,
    Long scheduleId,
    Instant expiresAt,
    Integer connectionLimit,
    DomainName destinationDomain) {

  /** The largest connection limit: the kernel keeps one set element per counted connection. */
  public static final int MAX_CONNECTIONS = 10_000;

  /** Checks the fields that make sense on their own; cross-references are checked by {@link ConfigValidator}. */
  public Rule {
    if (id <= 0) {
      throw new ParseException("problem.rule.id_positive");
    }
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(comment, "comment");
    if (ports != null && !protocol.hasPorts()) {
      throw new ParseException("problem.rule.ports_protocol", protocol.label());
    }
    if (sourceGroupId != null && sourceHostId != null) {
      throw new ParseException("problem.rule.host_and_group");
    }
    if (destinationListId != null && destination != null) {
      throw new ParseException("problem.rule.destination_and_list");
    }
    if (serviceId != null && (protocol != Protocol.ANY || ports != null)) {
      throw new ParseException("problem.rule.service_and_protocol");
    }
    if (connectionLimit != null && (connectionLimit < 1 || connectionLimit > MAX_CONNECTIONS)) {
      throw new ParseException("problem.rule.limit_range", MAX_CONNECTIONS);
    }
    if (connectionLimit != null && action != Action.ALLOW) {
      throw new ParseException("problem.rule.limit_allow_only");
    }
    if (destinationDomain != null && (destination != null || destinationListId != null)) {
      throw new ParseException("problem.rule.destination_and_domain");
    }
  }

  /** A rule with objects, always in force, without end and without a connection limit. */
  public Rule(long id, Long sourceHostId, Network destination, Protocol protocol, PortRange ports, Action action,
      boolean log, Comment comment, boolean enabled, Long sourceGroupId, Long destinationListId, Long serviceId) {
    this(id, sourceHostId, destination, protocol, ports, action, log, comment, enabled, sourceGroupId,
        destinationListId, serviceId, null, null, null, null);
  }

  /** A rule with a schedule ({@code null}: always in force), without end and without a connection limit. */
  public Rule(long id, Long sourceHostId, Network destination, Protocol protocol, PortRange ports, Action action,
      boolean log, Comment comment, boolean enabled, Long sourceGroupId, Long destinationListId, Long serviceId,
      Long scheduleId) {
    this(id, sourceHostId, destination, protocol, ports, action, log, comment, enabled, sourceGroupId,
        destinationListId, serviceId, scheduleId, null, null, null);
  }

  /** A rule without a schedule, with an end and a connection limit (each may be null). */
  public Rule(long id, Long sourceHostId, Network destination, Protocol protocol, PortRange ports, Action action,
      boolean log, Comment comment, boolean enabled, Long sourceGroupId, Long destinationListId, Long serviceId,
      Instant expiresAt, Integer connectionLimit) {
    this(id, sourceHostId, destination, protocol, ports, action, log, comment, enabled, sourceGroupId,
        destinationListId, serviceId, null, expiresAt, connectionLimit, null);
  }

  /** A rule with objects and a domain name as its destination (or none), always in force, without limits. */
  public Rule(long id, Long sourceHostId, Network destination, Protocol protocol, PortRange ports, Action action,
      boolean log, Comment comment, boolean enabled, Long sourceGroupId, Long destinationListId, Long serviceId,
      DomainName destinationDomain) {
    this(id, sourceHostId, destination, protocol, ports, action, log, comment, enabled, sourceGroupId,
        destinationListId, serviceId, null, null, null, destinationDomain);
  }

  /** A rule without objects: one host or all, one network or any, a protocol and ports. */
  public Rule(long id, Long sourceHostId, Network destination, Protocol protocol, PortRange ports, Action action,
      boolean log, Comment comment, boolean enabled) {
    this(id, sourceHostId, destination, protocol, ports, action, log, comment, enabled, null, null, null);
  }

  /** This rule with its objects: a group as source, a list as destination, a service (each may be null). */
  public Rule withObjects(Long group, Long list, Long service) {
    return new Rule(id, group == null ? sourceHostId : null, list == null ? destination : null,
        service == null ? protocol : Protocol.ANY, service == null ? ports : null, action, log, comment, enabled,
        group, list, service, scheduleId, expiresAt, connectionLimit, list == null ? destinationDomain : null);
  }

  /** This rule switched on or off, objects kept. */
  public Rule withEnabled(boolean on) {
    return new Rule(id, sourceHostId, destination, protocol, ports, action, log, comment, on, sourceGroupId,
        destinationListId, serviceId, scheduleId, expiresAt, connectionLimit, destinationDomain);
  }

  /** This rule with another schedule ({@code null}: always in force). */
  public Rule withSchedule(Long schedule) {
    return new Rule(id, sourceHostId, destination, protocol, ports, action, log, comment, enabled, sourceGroupId,
        destinationListId, serviceId, schedule, expiresAt, connectionLimit, destinationDomain);
  }

  /** This rule with an end (null: none) and a connection limit (null: none), the rest kept. */
  public Rule withLimits(Instant end, Integer limit) {
    return new Rule(id, sourceHostId, destination, protocol, ports, action, log, comment, enabled, sourceGroupId,
        destinationListId, serviceId, scheduleId, end, limit, destinationDomain);
  }

  /**
   * Parses an end as an ISO-8601 instant ({@code 2026-12-04T22:00:00Z}), cut to whole seconds.
   *
   * @throws ParseException when it is not one
   */
  public static Instant parseEnd(String text) {
    try {
      return Instant.parse(text.strip()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    } catch (java.time.format.DateTimeParseException e) {
      throw new ParseException("problem.rule.end_format");
    }
  }

  /** True when the rule has an end and it has come at {@code now}: the kernel no longer matches it. */
  public boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /** True when the rule ends by itself or is count-limited, so it is printed on its own with its sets. */
  public boolean limited() {
    return expiresAt != null || connectionLimit != null;
  }

  /** This rule with a domain name as its destination (network and list cleared), or without one (null). */
  public Rule withDomain(DomainName domain) {
    return new Rule(id, sourceHostId, domain == null ? destination : null, protocol, ports, action, log, comment,
        enabled, sourceGroupId, domain == null ? destinationListId : null, serviceId, scheduleId, expiresAt,
        connectionLimit, domain);
  }

  /** True when the rule names all LAN hosts (no host and no group). */
  public boolean allHosts() {
    return sourceHostId == null && sourceGroupId == null;
  }
}
