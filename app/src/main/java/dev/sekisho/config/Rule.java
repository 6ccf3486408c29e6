package dev.sekisho.config;

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
    DomainName destinationDomain) {

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
    if (destinationDomain != null && (destination != null || destinationListId != null)) {
      throw new ParseException("problem.rule.destination_and_domain");
    }
  }

  /** A rule with objects and no domain. */
  public Rule(long id, Long sourceHostId, Network destination, Protocol protocol, PortRange ports, Action action,
      boolean log, Comment comment, boolean enabled, Long sourceGroupId, Long destinationListId, Long serviceId) {
    this(id, sourceHostId, destination, protocol, ports, action, log, comment, enabled, sourceGroupId,
        destinationListId, serviceId, null);
  }

  /** A rule without objects: one host or all, one network or any, a protocol and ports. */
  public Rule(long id, Long sourceHostId, Network destination, Protocol protocol, PortRange ports, Action action,
      boolean log, Comment comment, boolean enabled) {
    this(id, sourceHostId, destination, protocol, ports, action, log, comment, enabled, null, null, null, null);
  }

  /** This rule with its objects: a group as source, a list as destination, a service (each may be null). */
  public Rule withObjects(Long group, Long list, Long service) {
    return new Rule(id, group == null ? sourceHostId : null, list == null ? destination : null,
        service == null ? protocol : Protocol.ANY, service == null ? ports : null, action, log, comment, enabled,
        group, list, service, list == null ? destinationDomain : null);
  }

  /** This rule switched on or off, objects kept. */
  public Rule withEnabled(boolean on) {
    return new Rule(id, sourceHostId, destination, protocol, ports, action, log, comment, on, sourceGroupId,
        destinationListId, serviceId, destinationDomain);
  }

  /** This rule with a domain name as its destination (network and list cleared), or without one (null). */
  public Rule withDomain(DomainName domain) {
    return new Rule(id, sourceHostId, domain == null ? destination : null, protocol, ports, action, log, comment,
        enabled, sourceGroupId, domain == null ? destinationListId : null, serviceId, domain);
  }

  /** True when the rule names all LAN hosts (no host and no group). */
  public boolean allHosts() {
    return sourceHostId == null && sourceGroupId == null;
  }
}
