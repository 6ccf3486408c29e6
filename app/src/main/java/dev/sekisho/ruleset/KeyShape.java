package dev.sekisho.ruleset;

import java.util.ArrayList;
import java.util.List;

/**
 * Which packet fields a set lookup keys on, and how: a rule's source host, destination, protocol and ports
 * become the fields of a concatenated key, leaving out every field the rule does not restrict. A set is an
 * exact-match hash set unless a field is a network wider than one address or a port range; only then does it
 * need {@code flags interval}, whose kernel lookup grows with the set (measured: README "Performance").
 *
 * <p>The source is its own dimension: the {@link Family} decides how a host is keyed (its IPv4 address, or
 * over IPv6 its MAC) without changing how plans are built.
 *
 * @param family the address family, which decides the packet fields and set types
 * @param src how the source is keyed, or {@link Source#NONE} for rules about every LAN host
 * @param dst the destination: none (anywhere), one address, or a network
 * @param proto whether the transport protocol is part of the key
 * @param ports the destination port: none, one port, or a range (only with {@code proto})
 */
record KeyShape(Family family, Source src, Field dst, boolean proto, Field ports) {
  /** How the source of a packet is keyed: not at all, or by the family's host key (address or MAC). */
  enum Source { NONE, HOST }

  /** How one field is keyed. */
  enum Field { NONE, EXACT, RANGE }

  /** The shape of one match. */
  static KeyShape of(Match m) {
    Source src = m.src() == null ? Source.NONE : Source.HOST;
    Field dst = m.dst().prefix() == 0 ? Field.NONE : m.dst().isSingle() ? Field.EXACT : Field.RANGE;
    Field ports = m.ports() == null ? Field.NONE : m.ports().isSingle() ? Field.EXACT : Field.RANGE;
    return new KeyShape(m.family(), src, dst, m.l4proto() != Match.ANY_PROTO, ports);
  }

  /** True when the match restricts nothing: no set can hold it, it is a plain rule. */
  boolean empty() {
    return src == Source.NONE && dst == Field.NONE && !proto;
  }

  /** True when some field needs ranges, so the set needs {@code flags interval}. */
  boolean interval() {
    return dst == Field.RANGE || ports == Field.RANGE;
  }

  /** The packet expression the set is looked up with, e.g. {@code ip saddr . meta l4proto . th dport}. */
  String key() {
    List<String> f = new ArrayList<>();
    if (src == Source.HOST) {
      f.add(family.srcKey);
    }
    if (dst != Field.NONE) {
      f.add(family.dstKey);
    }
    if (proto) {
      f.add("meta l4proto");
    }
    if (ports != Field.NONE) {
      f.add("th dport");
    }
    return String.join(" . ", f);
  }

  /** The set's element type, field by field as in {@link #key()}. */
  String type() {
    List<String> f = new ArrayList<>();
    if (src == Source.HOST) {
      f.add(family.srcType);
    }
    if (dst != Field.NONE) {
      f.add(family.dstType);
    }
    if (proto) {
      f.add("inet_proto");
    }
    if (ports != Field.NONE) {
      f.add("inet_service");
    }
    return String.join(" . ", f);
  }

  /** A short generated name part, e.g. {@code src_proto_port}; never user text. */
  String code() {
    List<String> f = new ArrayList<>();
    if (src == Source.HOST) {
      f.add("src");
    }
    if (dst != Field.NONE) {
      f.add(dst == Field.EXACT ? "dst" : "net");
    }
    if (proto) {
      f.add("proto");
    }
    if (ports != Field.NONE) {
      f.add(ports == Field.EXACT ? "port" : "ports");
    }
    return String.join("_", f);
  }

  /** The element for a match of this shape, field by field as in {@link #key()}. */
  String element(Match m) {
    List<String> f = new ArrayList<>();
    if (src == Source.HOST) {
      f.add(m.src());
    }
    if (dst != Field.NONE) {
      f.add(m.dst().toString());
    }
    if (proto) {
      f.add(Match.protoName(m.l4proto()));
    }
    if (ports != Field.NONE) {
      f.add(m.ports().toString());
    }
    return String.join(" . ", f);
  }

  /**
   * The exact fields of a match: two matches of this shape can only overlap when these are equal, so
   * overlaps are searched among matches with the same exact fields only (and for an exact shape, an equal
   * key is the only overlap there is).
   */
  String exactPart(Match m) {
    StringBuilder b = new StringBuilder();
    if (src == Source.HOST) {
      b.append(m.src()).append(' ');
    }
    if (dst == Field.EXACT) {
      b.append(m.dst()).append(' ');
    }
    if (proto) {
      b.append(m.l4proto()).append(' ');
    }
    if (ports == Field.EXACT) {
      b.append(m.ports());
    }
    return b.toString();
  }
}
