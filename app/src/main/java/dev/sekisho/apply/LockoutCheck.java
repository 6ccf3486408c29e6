package dev.sekisho.apply;

import dev.sekisho.config.Action;
import dev.sekisho.config.Config;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Role;
import dev.sekisho.config.Rule;
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
    List<String> out = new ArrayList<>();
    Ipv4 ip;
    try {
      ip = Ipv4.parse(client);
    } catch (RuntimeException e) {
      out.add("Your browser's address (" + client + ") is not an IPv4 address; Sekisho cannot check whether the "
          + "new rules let it reach the panel.");
      return out;
    }
    List<NetInterface> lans = draft.interfaces(Role.LAN);
    boolean onLan = lans.stream().anyMatch(i -> i.address() != null && i.address().subnet().contains(ip));
    boolean lanKnown = lans.stream().anyMatch(i -> i.address() != null);
    if (lanKnown && !onLan) {
      out.add("Your browser (" + ip + ") is not in a LAN subnet of the new configuration: the panel is only open "
          + "from the LAN, so this apply may cut you off.");
    }
    if (draft.settings().adminPort() != panelPort) {
      out.add("The panel listens on port " + panelPort + " but the new ruleset opens port "
          + draft.settings().adminPort() + " to the LAN: you would lose the panel.");
    }
    if (!draft.settings().antiLockout()) {
      Optional<Rule> blocking = firstMatch(draft, ip, panelPort).filter(r -> r.action() != Action.ALLOW);
      blocking.ifPresent(r -> out.add("Rule #" + r.id() + " (" + r.action().label() + ") matches your own "
          + "connection to the panel, and the anti-lockout rule is off: this apply would lock you out."));
    }
    return out;
  }

  private static Optional<Rule> firstMatch(Config c, Ipv4 client, int port) {
    // The client's own host ids, found once: looking each rule's host up in the list was rules x hosts.
    Set<Long> mine = new HashSet<>();
    c.hosts().stream().filter(h -> h.ip().equals(client)).forEach(h -> mine.add(h.id()));
    for (Rule r : c.rules()) {
      if (!r.enabled()) {
        continue;
      }
      if (r.sourceHostId() != null && !mine.contains(r.sourceHostId())) {
        continue;
      }
      boolean toGateway = r.destination() == null || c.interfaces(Role.LAN).stream()
          .anyMatch(i -> i.address() != null && r.destination().contains(i.address().address()));
      boolean tcp = r.protocol() == Protocol.ANY || r.protocol() == Protocol.TCP || r.protocol() == Protocol.TCP_UDP;
      boolean ports = r.ports() == null || (r.ports().from() <= port && port <= r.ports().to());
      if (toGateway && tcp && ports) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
