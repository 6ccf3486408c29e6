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
    boolean enabled) {

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
  }
}
