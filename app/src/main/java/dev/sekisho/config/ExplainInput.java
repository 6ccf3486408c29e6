package dev.sekisho.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses what an admin typed into an explain form (or sent to an API) into an {@link Explain.Query}, with a
 * {@link Problem} at each bad field instead of an exception: an unknown host, a malformed address, port 70000
 * or a port with icmp. Reuses the configuration's parsers, so the same text means the same thing everywhere.
 */
public final class ExplainInput {
  private ExplainInput() {}

  /**
   * The parsed query, or the problems (then {@code query} is null).
   *
   * @param query the query when every field is fine
   * @param problems located problems, paths are the field names
   */
  public record Result(Explain.Query query, List<Problem> problems) {
    /** Copies the list. */
    public Result {
      problems = List.copyOf(problems);
    }

    /** True when there is a query to explain. */
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /**
   * Parses the fields.
   *
   * @param config the configuration whose inventory names hosts
   * @param source a host id ({@code 3} or {@code #3}) or a source IPv4 address
   * @param mac the source MAC, blank for "as the inventory says"
   * @param destination the destination IPv4 address (towards the gateway: one of its addresses)
   * @param protocol {@code tcp}, {@code udp} or {@code icmp}
   * @param port the destination port for tcp and udp; blank for icmp
   * @param direction {@code forward}, {@code gateway} or {@code wan}
   */
  public static Result parse(Config config, String source, String mac, String destination, String protocol,
      String port, String direction) {
    List<Problem> problems = new ArrayList<>();
    IpAddr src = null;
    Mac srcMac = null;
    String s = source == null ? "" : source.strip();
    if (s.isEmpty()) {
      problems.add(Problem.of("source", "problem.explain.source_required"));
    } else if (s.contains(".") || s.contains(":")) {
      src = field(problems, "source", () -> IpAddr.parse(s));
    } else {
      String digits = s.startsWith("#") ? s.substring(1) : s;
      Host h = null;
      if (!digits.isEmpty() && digits.length() <= 18 && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
        h = config.host(Long.parseLong(digits)).orElse(null);
      }
      if (h == null) {
        problems.add(Problem.of("source", "problem.explain.no_such_host", Texts.shown(s)));
      } else {
        src = h.ip();
        srcMac = h.mac();
      }
    }
    if (mac != null && !mac.isBlank()) {
      srcMac = field(problems, "mac", () -> Mac.parse(mac));
    }
    IpAddr dst = field(problems, "destination", () -> IpAddr.parse(destination));
    int proto = -1;
    String p = protocol == null ? "" : protocol.strip().toLowerCase(Locale.ROOT);
    switch (p) {
      case "tcp" -> proto = FirstMatch.TCP;
      case "udp" -> proto = FirstMatch.UDP;
      case "icmp" -> proto = FirstMatch.ICMP;
      default -> problems.add(Problem.of("protocol", "problem.explain.protocol_choose"));
    }
    int dport = 0;
    boolean blankPort = port == null || port.isBlank();
    if (proto == FirstMatch.ICMP && !blankPort) {
      problems.add(Problem.of("port", "problem.explain.icmp_no_port"));
    } else if ((proto == FirstMatch.TCP || proto == FirstMatch.UDP)) {
      PortRange r = field(problems, "port", () -> PortRange.parse(port));
      if (r != null && !r.isSingle()) {
        problems.add(Problem.of("port", "problem.explain.one_port"));
      } else if (r != null) {
        dport = r.from();
      }
    }
    Explain.Direction dir = null;
    switch (direction == null ? "" : direction.strip()) {
      case "forward" -> dir = Explain.Direction.FORWARD;
      case "gateway" -> dir = Explain.Direction.TO_GATEWAY;
      case "wan" -> dir = Explain.Direction.FROM_WAN;
      default -> problems.add(Problem.of("direction", "problem.explain.direction_choose"));
    }
    if (src != null && dst != null && src.ipv6() != dst.ipv6()) {
      if (s.contains(".") || s.contains(":")) {
        problems.add(Problem.of("destination", "problem.explain.family_mismatch", src.toString(), dst.toString()));
      } else if (dst.ipv6()) {
        // a host from the inventory: over IPv6 it is known by its MAC, and stands for any of its addresses
        src = hostIpv6(config, s);
        if (src == null) {
          problems.add(Problem.of("source", "problem.explain.host_no_ipv6"));
        }
      }
    }
    if (dst != null && dst.ipv6() && dir == Explain.Direction.TO_GATEWAY && !config.ipv6Forwarding()) {
      problems.add(Problem.of("destination", "problem.explain.gateway_no_ipv6"));
    }
    if (proto == FirstMatch.ICMP && dst != null && dst.ipv6()) {
      proto = FirstMatch.ICMPV6;
    }
    if (!problems.isEmpty()) {
      return new Result(null, problems);
    }
    return new Result(new Explain.Query(src, srcMac, dst, proto, dport, dir), List.of());
  }

  /**
   * An IPv6 source standing for an inventory host: its first listed address, or, when it lists none, an
   * address of the first LAN prefix (over IPv6 its rules follow its MAC, whatever address it picks).
   */
  private static IpAddr hostIpv6(Config config, String s) {
    String digits = s.startsWith("#") ? s.substring(1) : s;
    Host h = config.host(Long.parseLong(digits)).orElseThrow();
    if (!h.ipv6().isEmpty()) {
      return h.ipv6().get(0);
    }
    if (h.mac() == null || config.lanPrefixes6().isEmpty()) {
      return null;
    }
    Cidr6 p = config.lanPrefixes6().get(0);
    // an EUI-64-like interface identifier, inside the prefix (a /64 or wider)
    long iid = 0x0200_00ff_fe00_0000L | (h.id() & 0xffffff);
    return p.prefix() <= 64 ? new Ipv6(p.network().hi(), iid) : p.network();
  }

  private static <T> T field(List<Problem> problems, String path, java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (ParseException e) {
      problems.add(new Problem(path, e.text()));
      return null;
    }
  }
}
