package dev.sekisho.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Everything the admin decided: the one immutable value that storage loads, the compiler turns into a
 * ruleset, a revision stores and a backup exports. Lists are copied and unmodifiable; rules are in
 * evaluation order.
 */
public record Config(List<NetInterface> interfaces, List<Host> hosts, List<HostGroup> groups,
    List<AddressList> addressLists, List<Service> services, List<Rule> rules, List<PortForward> forwards,
    Settings settings, List<Schedule> schedules, List<Decision> decisions) {

  /** Copies the lists so the value cannot change under anyone's feet. */
  public Config {
    interfaces = List.copyOf(interfaces);
    hosts = List.copyOf(hosts);
    groups = List.copyOf(groups);
    addressLists = List.copyOf(addressLists);
    services = List.copyOf(services);
    rules = List.copyOf(rules);
    forwards = List.copyOf(forwards);
    Objects.requireNonNull(settings, "settings");
    schedules = List.copyOf(schedules);
    decisions = decisions == null ? List.of() : List.copyOf(decisions);
  }

  /** A configuration without schedules and decisions (the components before issue 13). */
  public Config(List<NetInterface> interfaces, List<Host> hosts, List<HostGroup> groups,
      List<AddressList> addressLists, List<Service> services, List<Rule> rules, List<PortForward> forwards,
      Settings settings) {
    this(interfaces, hosts, groups, addressLists, services, rules, forwards, settings, List.of(), List.of());
  }

  /** A configuration without decisions (the components before the decisions inbox). */
  public Config(List<NetInterface> interfaces, List<Host> hosts, List<HostGroup> groups,
      List<AddressList> addressLists, List<Service> services, List<Rule> rules, List<PortForward> forwards,
      Settings settings, List<Schedule> schedules) {
    this(interfaces, hosts, groups, addressLists, services, rules, forwards, settings, schedules, List.of());
  }

  /** This configuration with other host groups. */
  public Config withGroups(List<HostGroup> list) {
    return new Config(interfaces, hosts, list, addressLists, services, rules, forwards, settings, schedules, decisions);
  }

  /** This configuration with other address lists. */
  public Config withAddressLists(List<AddressList> list) {
    return new Config(interfaces, hosts, groups, list, services, rules, forwards, settings, schedules, decisions);
  }

  /** This configuration with other (custom) services. */
  public Config withServices(List<Service> list) {
    return new Config(interfaces, hosts, groups, addressLists, list, rules, forwards, settings, schedules, decisions);
  }

  /** This configuration with other schedules. */
  public Config withSchedules(List<Schedule> list) {
    return new Config(interfaces, hosts, groups, addressLists, services, rules, forwards, settings, list, decisions);
  }

  /** The schedule with this id, if any. */
  public Optional<Schedule> schedule(long id) {
    return schedules.stream().filter(x -> x.id() == id).findFirst();
  }

  /** The host group with this id, if any. */
  public Optional<HostGroup> group(long id) {
    return groups.stream().filter(g -> g.id() == id).findFirst();
  }

  /** The address list with this id, if any. */
  public Optional<AddressList> addressList(long id) {
    return addressLists.stream().filter(l -> l.id() == id).findFirst();
  }

  /** The service with this id, built-in or the admin's, if any. */
  public Optional<Service> service(long id) {
    if (id < Service.FIRST_CUSTOM_ID) {
      return Service.BUILT_IN.stream().filter(x -> x.id() == id).findFirst();
    }
    return services.stream().filter(x -> x.id() == id).findFirst();
  }

  /** The built-in services followed by the admin's own. */
  public List<Service> allServices() {
    List<Service> all = new ArrayList<>(Service.BUILT_IN);
    all.addAll(services);
    return all;
  }

  /** One more than the largest object id in use among groups, lists and custom services. */
  public long nextObjectId() {
    long max = Service.FIRST_CUSTOM_ID - 1;
    for (HostGroup g : groups) {
      max = Math.max(max, g.id());
    }
    for (AddressList l : addressLists) {
      max = Math.max(max, l.id());
    }
    for (Service x : services) {
      max = Math.max(max, x.id());
    }
    for (Schedule x : schedules) {
      max = Math.max(max, x.id());
    }
    return max + 1;
  }

  /** The ids of the forwards whose allowed sources are the address list with this id. */
  public List<Long> forwardsUsing(long listId) {
    return forwards.stream().filter(f -> Objects.equals(f.allowedListId(), listId)).map(PortForward::id).toList();
  }

  /** The ids of the rules that use the group, list, service or schedule with this id. */
  public List<Long> rulesUsing(long objectId) {
    return rules.stream().filter(r -> Objects.equals(r.sourceGroupId(), objectId)
        || Objects.equals(r.destinationListId(), objectId) || Objects.equals(r.serviceId(), objectId)
        || Objects.equals(r.scheduleId(), objectId))
        .map(Rule::id).toList();
  }

  /** A configuration with nothing in it but default settings. */
  public static Config empty() {
    return of(List.of(), List.of(), List.of(), Settings.DEFAULTS);
  }

  /**
   * A configuration of interfaces, hosts, rules and settings, with every other part empty. Code outside this
   * record builds configurations through this factory and the {@code with…} methods, not the canonical
   * constructor, so that a new part of the configuration does not change every caller.
   */
  public static Config of(List<NetInterface> interfaces, List<Host> hosts, List<Rule> rules, Settings settings) {
    return new Config(interfaces, hosts, List.of(), List.of(), List.of(), rules, List.of(), settings, List.of(),
        List.of());
  }

  /** This configuration with another rule list (in evaluation order). */
  public Config withRules(List<Rule> newRules) {
    return new Config(interfaces, hosts, groups, addressLists, services, newRules, forwards, settings, schedules, decisions);
  }

  /** This configuration with another interface list. */
  public Config withInterfaces(List<NetInterface> newInterfaces) {
    return new Config(newInterfaces, hosts, groups, addressLists, services, rules, forwards, settings, schedules, decisions);
  }

  /**
   * True when IPv6 is forwarded: some LAN interface has an IPv6 prefix. Without one the gateway forwards no
   * IPv6 at all (as before IPv6 support), so it cannot bypass the IPv4 rules.
   */
  public boolean ipv6Forwarding() {
    return interfaces.stream().anyMatch(i -> i.role() == Role.LAN && i.address6() != null);
  }

  /** The IPv6 prefixes of the LAN interfaces, in interface order. */
  public List<Cidr6> lanPrefixes6() {
    return interfaces.stream().filter(i -> i.role() == Role.LAN && i.address6() != null)
        .map(i -> i.address6().subnet()).distinct().toList();
  }

  /** The host with this id, if any. */
  public Optional<Host> host(long id) {
    return hosts.stream().filter(h -> h.id() == id).findFirst();
  }

  /** The rule with this id, if any. */
  public Optional<Rule> rule(long id) {
    return rules.stream().filter(r -> r.id() == id).findFirst();
  }

  /** The interfaces with the given role, in order. */
  public List<NetInterface> interfaces(Role role) {
    return interfaces.stream().filter(i -> i.role() == role).toList();
  }

  /** One more than the largest host id in use. */
  public long nextHostId() {
    return hosts.stream().mapToLong(Host::id).max().orElse(0) + 1;
  }

  /** One more than the largest rule id in use. */
  public long nextRuleId() {
    return rules.stream().mapToLong(Rule::id).max().orElse(0) + 1;
  }

  /** This configuration with the host of the same id replaced, or the host appended when it is new. */
  public Config withHost(Host host) {
    return new Config(interfaces, replaceOrAppend(hosts, host, h -> h.id() == host.id()), groups, addressLists,
        services, rules, forwards, settings, schedules, decisions);
  }

  /** This configuration without the host and its decisions (rules naming it must be removed first). */
  public Config withoutHost(long id) {
    return new Config(interfaces, hosts.stream().filter(h -> h.id() != id).toList(), groups, addressLists,
        services, rules, forwards, settings, schedules,
        decisions.stream().filter(d -> d.hostId() != id).toList());
  }

  /** This configuration with the rule of the same id replaced in place, or the rule appended. */
  public Config withRule(Rule rule) {
    return new Config(interfaces, hosts, groups, addressLists, services,
        replaceOrAppend(rules, rule, r -> r.id() == rule.id()), forwards, settings, schedules, decisions);
  }

  /** This configuration without the rule. */
  public Config withoutRule(long id) {
    return new Config(interfaces, hosts, groups, addressLists, services,
        rules.stream().filter(r -> r.id() != id).toList(), forwards, settings, schedules, decisions);
  }

  /** This configuration with the rule moved one place up (delta -1) or down (+1); unchanged at the ends. */
  public Config withRuleMoved(long id, int delta) {
    List<Rule> list = new ArrayList<>(rules);
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).id() == id) {
        int j = i + delta;
        if (j >= 0 && j < list.size()) {
          list.add(j, list.remove(i));
        }
        break;
      }
    }
    return new Config(interfaces, hosts, groups, addressLists, services, list, forwards, settings, schedules, decisions);
  }

  /** This configuration with the interface of the same name replaced, or appended. */
  public Config withInterface(NetInterface iface) {
    return new Config(replaceOrAppend(interfaces, iface, i -> i.name().equals(iface.name())), hosts, groups,
        addressLists, services, rules, forwards, settings, schedules, decisions);
  }

  /** This configuration without the named interface. */
  public Config withoutInterface(String name) {
    return new Config(interfaces.stream().filter(i -> !i.name().equals(name)).toList(), hosts, groups,
        addressLists, services, rules, forwards, settings, schedules, decisions);
  }

  /** This configuration with other settings. */
  public Config withSettings(UnaryOperator<Settings> change) {
    return new Config(interfaces, hosts, groups, addressLists, services, rules, forwards, change.apply(settings),
        schedules, decisions);
  }

  /** The port forward with this id, if any. */
  public Optional<PortForward> forward(long id) {
    return forwards.stream().filter(f -> f.id() == id).findFirst();
  }

  /** One more than the largest forward id in use. */
  public long nextForwardId() {
    return forwards.stream().mapToLong(PortForward::id).max().orElse(0) + 1;
  }

  /** This configuration with another list of port forwards. */
  public Config withForwards(List<PortForward> newForwards) {
    return new Config(interfaces, hosts, groups, addressLists, services, rules, newForwards, settings, schedules, decisions);
  }

  /** This configuration with the forward of the same id replaced in place, or the forward appended. */
  public Config withForward(PortForward f) {
    return withForwards(replaceOrAppend(forwards, f, x -> x.id() == f.id()));
  }

  /** This configuration without the forward. */
  public Config withoutForward(long id) {
    return withForwards(forwards.stream().filter(f -> f.id() != id).toList());
  }

  /**
   * The WAN sources a forward admits: its address list's IPv4 entries, its own networks, or (empty) any. A
   * missing list admits nothing (the validator refuses one).
   */
  public List<Network> allowedSourcesOf(PortForward f) {
    if (f.allowedListId() != null) {
      return addressList(f.allowedListId()).map(l -> l.entries(false)).orElse(List.of());
    }
    return List.copyOf(f.allowedSources());
  }

  /** True when the forward admits only some sources (a list or networks). */
  public boolean restrictsSources(PortForward f) {
    return f.allowedListId() != null || !f.allowedSources().isEmpty();
  }

  /** The forwards that go to this host of the inventory (by its id). */
  public List<PortForward> forwardsTo(Host h) {
    return forwards.stream().filter(f -> Long.valueOf(h.id()).equals(f.hostId())).toList();
  }

  /** The LAN address a forward goes to: its host's address, or its own target; empty for a missing host. */
  public Optional<Ipv4> targetOf(PortForward f) {
    return f.target() != null ? Optional.of(f.target()) : host(f.hostId()).map(Host::ip);
  }

  private static <T> List<T> replaceOrAppend(List<T> list, T item, java.util.function.Predicate<T> same) {
    List<T> out = new ArrayList<>(list.size() + 1);
    boolean replaced = false;
    for (T t : list) {
      if (!replaced && same.test(t)) {
        out.add(item);
        replaced = true;
      } else {
        out.add(t);
      }
    }
    if (!replaced) {
      out.add(item);
    }
    return out;
  }

  /**
   * The domain names a rule's destination names: its own domain, or the names in its address list (empty for
   * a rule by address). The DNS forwarder learns addresses for a rule whose names match the asked one.
   */
  public List<DomainName> domainsOf(Rule r) {
    if (r.destinationDomain() != null) {
      return List.of(r.destinationDomain());
    }
    if (r.destinationListId() != null) {
      return addressList(r.destinationListId()).map(AddressList::domains).orElse(List.of());
    }
    return List.of();
  }

  /** This configuration with another list of decisions (of the decisions inbox). */
  public Config withDecisions(List<Decision> list) {
    return new Config(interfaces, hosts, groups, addressLists, services, rules, forwards, settings, schedules, list);
  }

  /** The decisions for this host. */
  public List<Decision> decisionsOf(long hostId) {
    return decisions.stream().filter(d -> d.hostId() == hostId).toList();
  }

  /** One more than the largest decision id in use. */
  public long nextDecisionId() {
    return decisions.stream().mapToLong(Decision::id).max().orElse(0) + 1;
  }

  /**
   * This configuration with the decision added: a decision on the same host, destination, protocol and port
   * is replaced, and decisions that ended by {@code now} are left out (they allow nothing any more).
   */
  public Config withDecision(Decision d, java.time.Instant now) {
    List<Decision> out = new ArrayList<>();
    for (Decision x : decisions) {
      if (!x.sameKey(d) && !x.expiredAt(now)) {
        out.add(x);
      }
    }
    out.add(d);
    return withDecisions(out);
  }

  /** This configuration without the decision of this id. */
  public Config withoutDecision(long id) {
    return withDecisions(decisions.stream().filter(d -> d.id() != id).toList());
  }
}
