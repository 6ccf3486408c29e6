package dev.sekisho.config;

/** The transport protocols a rule can name. Only TCP and UDP (and both) carry ports. */
public enum Protocol {
  ANY("any"), TCP("tcp"), UDP("udp"), TCP_UDP("tcp+udp"), ICMP("icmp");

  private final String label;

  Protocol(String label) {
    this.label = label;
  }

  /** True when a rule with this protocol may name destination ports. */
  public boolean hasPorts() {
    return this == TCP || this == UDP || this == TCP_UDP;
  }

  /** The short name used in forms, JSON and messages. */
  public String label() {
    return label;
  }

  /** Parses the short name ({@code tcp}, {@code tcp+udp}, …). */
  public static Protocol parse(String text) {
    for (Protocol p : values()) {
      if (p.label.equals(text)) {
        return p;
      }
    }
    throw new ParseException("problem.protocol.unknown");
  }
}
