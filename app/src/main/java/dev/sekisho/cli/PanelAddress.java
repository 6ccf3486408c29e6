package dev.sekisho.cli;

import dev.sekisho.config.Config;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Role;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Where the admin panel may listen: a pure decision from the configuration, the admin's options and the
 * addresses the machine's interfaces have now. By default the panel listens on the address of the first LAN
 * interface (the other LANs reach it there too: the gateway routes to its own addresses, and every ruleset
 * Sekisho loads admits the panel from all LAN interfaces). An address the WAN can reach (a wildcard, or an
 * address of a WAN interface) is refused unless the admin allowed it explicitly; and when no LAN address is
 * known the answer is a refusal that says what to set, never a silent {@code 0.0.0.0}.
 */
public final class PanelAddress {
  /** Option and environment variable that allow the panel on the WAN. */
  static final String ON_WAN_HINT = "--panel-on-wan (SEKISHO_PANEL_ON_WAN=yes)";
  private static final Set<String> WILDCARDS = Set.of("", "*", "0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0");

  private PanelAddress() {}

  /**
   * What the admin asked for.
   *
   * @param listen {@code HOST:PORT} from {@code --listen} / {@code SEKISHO_LISTEN}, or null for the default
   * @param panelOnWan true when the admin explicitly allowed the panel to listen where the WAN reaches it
   */
  public record Options(String listen, boolean panelOnWan) {
    /** Nothing asked: the LAN address and the configured admin port. */
    public static final Options DEFAULT = new Options(null, false);
  }

  /** The answer: where to listen, or why not. */
  public sealed interface Decision permits Listen, Refused {}

  /**
   * Listen here.
   *
   * @param host the address to bind
   * @param port the TCP port
   * @param why in words, for the console ("the address of LAN interface eth1")
   * @param onWan true when the WAN can reach this address (allowed explicitly; the panel shows a warning)
   */
  public record Listen(String host, int port, String why, boolean onWan) implements Decision {
    /** {@code host:port}, with brackets around an IPv6 host. */
    public String hostPort() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /** Do not start; {@code message} says what to set. */
  public record Refused(String message) implements Decision {}

  /**
   * Decides.
   *
   * @param config the configuration in force (or the draft on a fresh box): its LAN and WAN interfaces and
   *     admin port
   * @param addressesOf the addresses an interface has now, by name (empty when it has none or is missing)
   */
  public static Decision decide(Config config, Options options, Function<String, List<String>> addressesOf) {
    int port = config.settings().adminPort();
    String host = null;
    if (options.listen() != null) {
      int colon = options.listen().lastIndexOf(':');
      if (colon < 0) {
        return new Refused("--listen needs HOST:PORT, e.g. 192.168.1.1:8080 (got \"" + options.listen() + "\")");
      }
      try {
        port = Integer.parseInt(options.listen().substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 0 || port > 65535) {
        return new Refused("--listen: \"" + options.listen().substring(colon + 1) + "\" is not a port number");
      }
      host = options.listen().substring(0, colon).strip();
    }
    if (host == null) {
      for (NetInterface lan : config.interfaces(Role.LAN)) {
        String address = lanAddress(lan, addressesOf);
        if (address != null) {
          return new Listen(address, port, "the address of LAN interface " + lan.name(), false);
        }
      }
      return new Refused("No LAN address is known, so the admin panel has nowhere safe to listen (it never "
          + "listens on every interface by default). Name the LAN interface and its address with --lan IF "
          + "--lan-address A.B.C.D/N (SEKISHO_LAN, SEKISHO_LAN_ADDRESS), or give the configuration's LAN "
          + "interface an address, or choose a LAN address with --listen HOST:PORT (SEKISHO_LISTEN).");
    }
    String wan = wanReason(host, config, addressesOf);
    if (wan == null) {
      return new Listen(host, port, "--listen", false);
    }
    if (!options.panelOnWan()) {
      return new Refused("--listen " + options.listen() + ": " + wan + ", so the login page would face the "
          + "internet. Listen on a LAN address instead, or allow it explicitly with " + ON_WAN_HINT + ".");
    }
    return new Listen(host, port, "--listen, " + wan + " (allowed by " + ON_WAN_HINT + ")", true);
  }

  /** The interface's IPv4 address now, or the one the configuration gives it; null when neither. */
  private static String lanAddress(NetInterface lan, Function<String, List<String>> addressesOf) {
    for (String a : addressesOf.apply(lan.name())) {
      if (!a.contains(":")) {
        return a;
      }
    }
    return lan.address() == null ? null : lan.address().address().toString();
  }

  /** Why the WAN reaches {@code host}, or null when it does not. */
  private static String wanReason(String host, Config config, Function<String, List<String>> addressesOf) {
    if (WILDCARDS.contains(host)) {
      return "\"" + host + "\" listens on every interface, the WAN too";
    }
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    for (NetInterface wan : config.interfaces(Role.WAN)) {
      Set<String> own = new LinkedHashSet<>(addressesOf.apply(wan.name()));
      if (wan.address() != null) {
        own.add(wan.address().address().toString());
      }
      if (own.contains(bare)) {
        return bare + " is an address of WAN interface " + wan.name();
      }
    }
    return null;
  }

  /** The options from the command line, falling back to the environment. */
  static Options options(Map<String, String> opts, Map<String, String> env) {
    String listen = opts.getOrDefault("listen", env.get("SEKISHO_LISTEN"));
    String onWan = opts.containsKey("panel-on-wan") ? "yes" : env.getOrDefault("SEKISHO_PANEL_ON_WAN", "");
    boolean allowed = switch (onWan.strip().toLowerCase(Locale.ROOT)) {
      case "yes", "true", "1", "on" -> true;
      default -> false;
    };
    return new Options(listen == null || listen.isBlank() ? null : listen.strip(), allowed);
  }
}
