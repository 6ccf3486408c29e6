package dev.sekisho.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A named set of protocols and ports ("HTTPS", "DNS", the admin's "game server"): a rule whose service is this
 * matches a packet that fits any entry. The built-in catalogue has the fixed ids below {@link #FIRST_CUSTOM_ID};
 * the admin's own services have ids from it up. References are by id, so renaming keeps them.
 *
 * @param id stable identifier
 * @param name display name (validated like a host's name)
 * @param entries what it matches, at least one
 */
public record Service(long id, String name, List<Entry> entries) {
  /** Ids of custom services start here; below are the built-ins. */
  public static final long FIRST_CUSTOM_ID = 100;
  /** At most this many entries per service. */
  public static final int MAX_ENTRIES = 64;

  /**
   * One protocol with its ports.
   *
   * @param protocol tcp, udp, tcp+udp or icmp
   * @param ports the destination ports (null for all, and always for icmp)
   */
  public record Entry(Protocol protocol, PortRange ports) {
    /** Checks the combination. */
    public Entry {
      if (protocol == null || protocol == Protocol.ANY) {
        throw new ParseException("problem.service.protocol");
      }
      if (ports != null && !protocol.hasPorts()) {
        throw new ParseException("problem.rule.ports_protocol", protocol.label());
      }
    }

    /** Parses {@code tcp 443}, {@code udp 5000-5100}, {@code tcp+udp 53} or {@code icmp}. */
    public static Entry parse(String text) {
      String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
      String[] parts = s.split("\\s+");
      if (s.isEmpty() || parts.length > 2) {
        throw new ParseException("problem.service.entry", Texts.shown(s));
      }
      Protocol p;
      try {
        p = Protocol.parse(parts[0]);
      } catch (ParseException e) {
        throw new ParseException("problem.service.entry", Texts.shown(s));
      }
      return new Entry(p, parts.length == 2 ? PortRange.parse(parts[1]) : null);
    }

    @Override
    public String toString() {
      return ports == null ? protocol.label() : protocol.label() + " " + ports;
    }
  }

  /** Checks the fields. */
  public Service {
    if (id <= 0) {
      throw new ParseException("problem.object.id_positive");
    }
    name = Names.hostName(name);
    entries = entries.stream().distinct().toList();
    if (entries.isEmpty()) {
      throw new ParseException("problem.service.empty");
    }
    if (entries.size() > MAX_ENTRIES) {
      throw new ParseException("problem.service.too_many", MAX_ENTRIES);
    }
  }

  /** True for a service of the built-in catalogue. */
  public boolean builtIn() {
    return id < FIRST_CUSTOM_ID;
  }

  /** The built-in catalogue. */
  public static final List<Service> BUILT_IN = List.of(
      of(1, "HTTPS", "tcp 443"),
      of(2, "HTTP", "tcp 80"),
      of(3, "DNS", "tcp+udp 53"),
      of(4, "NTP", "udp 123"),
      of(5, "SSH", "tcp 22"),
      of(6, "SMTP submission", "tcp 587"),
      of(7, "IMAPS", "tcp 993"),
      of(8, "POP3S", "tcp 995"),
      of(9, "QUIC", "udp 443"),
      of(10, "ping", "icmp"));

  private static Service of(long id, String name, String... entries) {
    List<Entry> es = new ArrayList<>();
    for (String e : entries) {
      es.add(Entry.parse(e));
    }
    return new Service(id, name, es);
  }

  /** Parses entries separated by commas or new lines, e.g. {@code tcp 443, udp 443}. */
  public static List<Entry> parseEntries(String text) {
    if (text == null || text.isBlank()) {
      throw new ParseException("problem.service.empty");
    }
    List<Entry> out = new ArrayList<>();
    for (String part : text.split("[,\\n]")) {
      if (!part.isBlank()) {
        out.add(Entry.parse(part));
      }
      if (out.size() > MAX_ENTRIES) {
        throw new ParseException("problem.service.too_many", MAX_ENTRIES);
      }
    }
    return out;
  }

  /** The entries as one text, as {@link #parseEntries} reads them. */
  public String entriesText() {
    return String.join(", ", entries.stream().map(Entry::toString).toList());
  }
}
