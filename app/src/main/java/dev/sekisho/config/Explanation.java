package dev.sekisho.config;

import java.util.List;
import java.util.Objects;

/**
 * Why a new connection is let through or blocked: structured, without prose, so a page or an API renders it
 * in its own words (codes with arguments, e.g. {@code RULE_DECIDES(ruleId)} or {@code GATEWAY_SERVICE(dns)}).
 *
 * @param verdict what the gateway does with the connection's first packet
 * @param decidedBy the step that decides
 * @param rules the admin's rules considered before the decision, in list order: each disabled one, each that
 *     did not match with the first field that failed, and the matching one (when a rule matched)
 */
public record Explanation(Verdict verdict, Reason decidedBy, List<RuleCheck> rules) {

  /** Copies the list. */
  public Explanation {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(decidedBy, "decidedBy");
    rules = List.copyOf(rules);
  }

  /** What happens to the packet, as a client observes it. */
  public enum Verdict {
    /** Let through (a server behind it answers or refuses on its own). */
    ACCEPT,
    /** Dropped silently: the client times out. */
    DROP,
    /** Refused: a TCP reset or an ICMP "administratively prohibited". */
    REJECT
  }

  /** The kinds of deciding steps. */
  public enum Code {
    /** An admin rule decides; args: rule id, position (1-based), action label. */
    RULE_DECIDES,
    /** No rule matched; args: the LAN default policy label ({@code allow} or {@code deny}). */
    DEFAULT_POLICY,
    /** Anti-spoofing: a known host's IP from another MAC; args: host id, the host's MAC. */
    ANTI_SPOOF_IP,
    /** Anti-spoofing: a known host's MAC with another IP; args: host id, the host's IP. */
    ANTI_SPOOF_MAC,
    /** The anti-lockout rule keeps the admin panel (and SSH) open; args: the port. */
    ANTI_LOCKOUT,
    /**
     * A service the gateway offers the LAN; args: {@code panel}, {@code ssh}, {@code dns}, {@code ping} or
     * {@code dhcp}.
     */
    GATEWAY_SERVICE,
    /** No gateway service at that protocol and port: refused. */
    GATEWAY_CLOSED,
    /** A new connection from the WAN: nothing is opened towards the LAN or the gateway. */
    FROM_WAN_NOT_OPENED,
    /** IPv6 through the gateway while no LAN interface has an IPv6 prefix: IPv6 is not forwarded. */
    NOT_FORWARDED_IPV6,
    /** Anti-spoofing: an IPv6 source outside the LAN prefixes; args: the prefixes. */
    ANTI_SPOOF_PREFIX6,
    /**
     * A new connection from the WAN to a forwarded protocol and port: a port forward sends it on to its LAN
     * server; args: forward id, the server's address, the server port.
     */
    FORWARD_ADMITS,
    /** A forwarded port, but from a source outside the forward's allowed list: dropped; args: forward id. */
    FORWARD_SOURCE_NOT_ALLOWED,
    /**
     * The unknown-devices policy is deny and the source is in the inventory neither by MAC nor by address: no
     * arguments. (With the policy ask, a TCP connection is refused with a reset instead and the device becomes a
     * pending decision: args {@code ask}.)
     */
    UNKNOWN_DEVICE,
    /** No rule matched and an "allow" of the decisions inbox covers the connection; args: the decision id. */
    DECISION_ALLOWS,
    /** No rule matched and a "deny" of the decisions inbox covers the connection; args: the decision id. */
    DECISION_DENIES,
    /**
     * No rule matched, no decision covers it, and the host is in ask mode: refused and asked about (TCP and UDP
     * become pending decisions); args: the host id.
     */
    ASK_MODE
  }

  /**
   * A deciding step.
   *
   * @param code what kind of step
   * @param args its arguments as plain values (ids, numbers, labels), never prose
   */
  public record Reason(Code code, List<String> args) {
    /** Copies the arguments. */
    public Reason {
      Objects.requireNonNull(code, "code");
      args = List.copyOf(args);
    }

    /** A reason with the given arguments. */
    public static Reason of(Code code, Object... args) {
      return new Reason(code, java.util.Arrays.stream(args).map(String::valueOf).toList());
    }
  }

  /** What one rule did with the packet. */
  public enum RuleOutcome {
    /** The rule is disabled, so it is not part of the ruleset. */
    SKIPPED_DISABLED,
    /** The rule is about another host. */
    SKIPPED_SOURCE,
    /** The rule's destination is of the other address family (IPv4 or IPv6). */
    SKIPPED_FAMILY,
    /** The destination is outside the rule's network. */
    SKIPPED_DESTINATION,
    /** Another protocol. */
    SKIPPED_PROTOCOL,
    /** The port is outside the rule's ports. */
    SKIPPED_PORT,
    /** A temporary rule whose end has come: the kernel no longer matches it. */
    SKIPPED_EXPIRED,
    /** A count-limited rule whose connections are used up: the kernel no longer matches it. */
    SKIPPED_USED_UP,
    /** The rule matches: it decides, or (towards the gateway, an allow) hands over to the gateway's services. */
    MATCHED,
    /**
     * Everything fits, but the rule's schedule is closed at the moment explained; args: the schedule's id and
     * when it next opens (ISO-8601 UTC, empty when never).
     */
    SKIPPED_SCHEDULE
  }

  /**
   * One rule as considered.
   *
   * @param ruleId the rule's id ({@code #id})
   * @param position its 1-based place in the list
   * @param outcome what it did
   * @param args the outcome's arguments as plain values (see {@link RuleOutcome}); usually none
   */
  public record RuleCheck(long ruleId, int position, RuleOutcome outcome, List<String> args) {
    /** Copies the arguments. */
    public RuleCheck {
      args = List.copyOf(args);
    }

    /** A check without arguments. */
    public RuleCheck(long ruleId, int position, RuleOutcome outcome) {
      this(ruleId, position, outcome, List.of());
    }
  }
}
