package dev.sekisho.apply;

import dev.sekisho.config.Action;
import dev.sekisho.config.Config;
import dev.sekisho.i18n.Message;
import dev.sekisho.config.IpAddr;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Role;
import dev.sekisho.config.Rule;
import dev.sekisho.config.UnknownDevices;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Warns before an apply that would cut the admin's own path to the panel: the preview shows these, and the
 * confirm-or-rollback timer catches what they miss.
 */
public final class LockoutCheck {
  private LockoutCheck() {}

  /**
   * Warnings for an admin whose browser connects from {@code client} to the panel's local port
   * {@code panelPort}.
   */
  public static List<String> warnings(Config draft, String client, int panelPort) {
    return warningTexts(draft, client, panelPort).stream().map(Message::english).toList();
  }

  /** The same warnings as bundle texts, for the reader's language. */
  public static List<Message> warningTexts(Config draft, String client, int panelPort) {
    List<Message> out = new ArrayList<>();
    IpAddr ip;
    try {
      ip = IpAddr.parse(client);
    } catch (RuntimeException e) {
      out.add(Message.of("lockout.not_ipv4", client));
      return out;
    }
    List<NetInterface> lans = draft.interfaces(Role.LAN);
    boolean onLan = ip.ipv6() ? draft.lanPrefixes6().stream().anyMatch(p -> p.contains(ip))
        : lans.stream().anyMatch(i -> i.address() != null && i.address().subnet().contains(ip));
    boolean lanKnown = ip.ipv6() ? !draft.lanPrefixes6().isEmpty() : lans.stream().anyMatch(i -> i.address() != null);
    if (ip.ipv6() && !draft.ipv6Forwarding()) {
      // the draft has no IPv6 on the LAN: the panel is still reached over the LAN interface, so nothing to add
      lanKnown = false;
    }
    if (lanKnown && !onLan) {
      out.add(Message.of("lockout.not_on_lan", ip.toString()));
    }
    if (draft.settings().adminPort() != panelPort) {
      out.add(Message.of("lockout.port", panelPort, draft.settings().adminPort()));
    }
    if (draft.settings().unknownDevices().blocks() && onLan && !registered(draft, ip)) {
      out.add(Message.of(draft.settings().antiLockout() ? "lockout.unknown_device" : "lockout.unknown_device_panel",
          ip.toString()));
    }
    if (!draft.settings().antiLockout()) {
      Optional<Rule> blocking = firstMatch(draft, ip, panelPort).filter(r -> r.action() != Action.ALLOW);
      blocking.ifPresent(r -> out.add(Message.of("lockout.rule", r.id(),
          Message.of("action." + r.action().label()))));
    }
    return out;
  }

  /**
   * Whether the admin's device is a host: by its IPv4 address, or over IPv6 by an address a host lists (a
   * browser's request carries no MAC, so a device known only by its MAC is not recognised here).
   */
  private static boolean registered(Config c, IpAddr client) {
    return c.hosts().stream().anyMatch(h -> client.ipv6() ? h.ipv6().contains(client) : h.ip().equals(client));
  }

  /**
   * The first enabled rule that matches the admin's connection to the panel. Over IPv6 the client's host is
   * the one that lists its address (a browser's request carries no MAC); a host using an address of its own
   * is not recognised here, and the confirm-or-rollback timer is what protects it.
   */
  private static Optional<Rule> firstMatch(Config c, IpAddr client, int port) {
    // The client's own host ids, found once: looking each rule's host up in the list was rules x hosts.
    Set<Long> mine = new HashSet<>();
    c.hosts().stream().filter(h -> client.ipv6() ? h.mac() != null && h.ipv6().contains(client)
        : h.ip().equals(client)).forEach(h -> mine.add(h.id()));
    for (Rule r : c.rules()) {
      if (!r.enabled()) {
        continue;
      }
      if (r.sourceHostId() != null && !mine.contains(r.sourceHostId())) {
        continue;
      }
      // a domain rule's addresses are learned from DNS answers about other machines, not the gateway
      boolean toGateway = r.destinationDomain() == null
          && r.destination() == null || r.destination() != null && c.interfaces(Role.LAN).stream()
          .anyMatch(i -> i.address() != null && r.destination().contains(i.address().address())
              || i.address6() != null && r.destination().contains(i.address6().address()));
      boolean tcp = r.protocol() == Protocol.ANY || r.protocol() == Protocol.TCP || r.protocol() == Protocol.TCP_UDP;
      boolean ports = r.ports() == null || (r.ports().from() <= port && port <= r.ports().to());
      if (toGateway && tcp && ports) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
