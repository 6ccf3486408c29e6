package dev.sekisho.store;

import static dev.sekisho.store.db.Tables.DECISIONS;
import static dev.sekisho.store.db.Tables.FORWARDS;
import static dev.sekisho.store.db.Tables.HOSTS;
import static dev.sekisho.store.db.Tables.ADDRESS_LISTS;
import static dev.sekisho.store.db.Tables.HOST_GROUPS;
import static dev.sekisho.store.db.Tables.INTERFACES;
import static dev.sekisho.store.db.Tables.SCHEDULES;
import static dev.sekisho.store.db.Tables.SERVICES;
import static dev.sekisho.store.db.Tables.RULES;
import static dev.sekisho.store.db.Tables.SETTINGS;

import dev.sekisho.apply.DraftStore;
import dev.sekisho.config.Action;
import dev.sekisho.config.Cidr;
import dev.sekisho.config.Comment;
import dev.sekisho.config.DomainName;
import dev.sekisho.config.Config;
import dev.sekisho.config.Decision;
import dev.sekisho.config.IpAddr;
import dev.sekisho.config.AddressList;
import dev.sekisho.config.Host;
import dev.sekisho.config.HostGroup;
import dev.sekisho.config.InterfaceAddress;
import dev.sekisho.config.InterfaceAddress6;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Mac;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Network;
import dev.sekisho.config.Policy;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Role;
import dev.sekisho.config.PortForward;
import dev.sekisho.config.Rule;
import dev.sekisho.config.Schedule;
import dev.sekisho.config.Service;
import dev.sekisho.config.Settings;
import dev.sekisho.config.UnknownDevices;
import dev.sekisho.store.db.tables.records.HostsRecord;
import dev.sekisho.store.db.tables.records.InterfacesRecord;
import dev.sekisho.store.db.tables.records.ForwardsRecord;
import dev.sekisho.store.db.tables.records.RulesRecord;
import dev.sekisho.store.db.tables.records.SettingsRecord;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jooq.DSLContext;

/**
 * The admin's desired configuration, stored one row per interface, host and rule plus a settings row.
 * Values are stored as the model's canonical text and parsed back with the model's own parsers, so a
 * row that was changed behind the application's back is reported instead of turned into a different
 * configuration.
 */
public final class ConfigStore implements DraftStore {
  private static final int SETTINGS_ID = 1;

  private final Database db;

  /** A store over the given database; cheap, holds no state of its own. */
  public ConfigStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /**
   * The stored configuration, lists in the order they were saved (for rules: evaluation order), or
   * {@link Config#empty()} when nothing was saved yet.
   *
   * @throws IllegalStateException when a stored row cannot be read back; the message names table and id
   */
  public Config load() {
    // Several SELECTs: without the lock a concurrent save could hand us old hosts with new rules.
    return locked(db.configLock().readLock(), () -> db.dsl().transactionResult(tx -> read(tx.dsl())));
  }

  /**
   * Replaces the whole stored configuration in one transaction. The configuration is not validated here
   * (that is {@code ConfigValidator}'s job), but the schema's constraints still apply.
   *
   * @throws org.jooq.exception.DataAccessException when the database refuses the configuration, e.g. a
   *     rule names a host that is not in it; the previously stored configuration is then unchanged
   */
  public void save(Config c) {
    Objects.requireNonNull(c, "config");
    locked(db.configLock().writeLock(), () -> {
      db.dsl().transaction(tx -> write(tx.dsl(), c));
      return null;
    });
  }

  /** The database the configuration is stored in (the decisions inbox keeps its pending decisions there too). */
  public Database database() {
    return db;
  }

  /** True when no interface is stored: the appliance has never been set up and needs a bootstrap config. */
  public boolean isEmpty() {
    return !db.dsl().fetchExists(INTERFACES);
  }

  private static <T> T locked(Lock lock, Supplier<T> work) {
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  private static void write(DSLContext dsl, Config c) {
    // Children first, so the foreign key from rules to hosts holds at every step.
    dsl.deleteFrom(DECISIONS).execute();
    dsl.deleteFrom(FORWARDS).execute();
    dsl.deleteFrom(RULES).execute();
    dsl.deleteFrom(HOST_GROUPS).execute();
    dsl.deleteFrom(ADDRESS_LISTS).execute();
    dsl.deleteFrom(SERVICES).execute();
    dsl.deleteFrom(SCHEDULES).execute();
    dsl.deleteFrom(HOSTS).execute();
    dsl.deleteFrom(INTERFACES).execute();
    dsl.deleteFrom(SETTINGS).execute();

    int position = 0;
    for (NetInterface i : c.interfaces()) {
      dsl.insertInto(INTERFACES)
          .set(INTERFACES.NAME, i.name())
          .set(INTERFACES.POSITION, position++)
          .set(INTERFACES.ROLE, i.role().label())
          .set(INTERFACES.ADDRESS, text(i.address()))
          .set(INTERFACES.ADDRESS6, text(i.address6()))
          .execute();
    }
    position = 0;
    for (Host h : c.hosts()) {
      dsl.insertInto(HOSTS)
          .set(HOSTS.ID, h.id())
          .set(HOSTS.POSITION, position++)
          .set(HOSTS.NAME, h.name())
          .set(HOSTS.MAC, text(h.mac()))
          .set(HOSTS.IPV4, h.ip().toString())
          .set(HOSTS.IPV6, h.ipv6().isEmpty() ? null
              : String.join(" ", h.ipv6().stream().map(Object::toString).toList()))
          .set(HOSTS.ASK, h.ask())
          .execute();
    }
    position = 0;
    for (HostGroup g : c.groups()) {
      dsl.insertInto(HOST_GROUPS)
          .set(HOST_GROUPS.ID, g.id())
          .set(HOST_GROUPS.POSITION, position++)
          .set(HOST_GROUPS.NAME, g.name())
          .set(HOST_GROUPS.MEMBERS, String.join(" ", g.members().stream().map(String::valueOf).toList()))
          .execute();
    }
    position = 0;
    for (AddressList l : c.addressLists()) {
      dsl.insertInto(ADDRESS_LISTS)
          .set(ADDRESS_LISTS.ID, l.id())
          .set(ADDRESS_LISTS.POSITION, position++)
          .set(ADDRESS_LISTS.NAME, l.name())
          .set(ADDRESS_LISTS.ENTRIES, String.join("\n", l.texts()))
          .execute();
    }
    position = 0;
    for (Service x : c.services()) {
      dsl.insertInto(SERVICES)
          .set(SERVICES.ID, x.id())
          .set(SERVICES.POSITION, position++)
          .set(SERVICES.NAME, x.name())
          .set(SERVICES.ENTRIES, x.entriesText())
          .execute();
    }
    position = 0;
    for (Schedule x : c.schedules()) {
      dsl.insertInto(SCHEDULES)
          .set(SCHEDULES.ID, x.id())
          .set(SCHEDULES.POSITION, position++)
          .set(SCHEDULES.NAME, x.name())
          .set(SCHEDULES.WINDOWS, x.windowsText())
          .execute();
    }
    position = 0;
    for (Rule r : c.rules()) {
      dsl.insertInto(RULES)
          .set(RULES.ID, r.id())
          .set(RULES.POSITION, position++)
          .set(RULES.SOURCE_HOST, r.sourceHostId())
          .set(RULES.DESTINATION, text(r.destination()))
          .set(RULES.PROTOCOL, r.protocol().label())
          .set(RULES.PORT_FROM, r.ports() == null ? null : r.ports().from())
          .set(RULES.PORT_TO, r.ports() == null ? null : r.ports().to())
          .set(RULES.ACTION, r.action().label())
          .set(RULES.LOG, r.log())
          .set(RULES.COMMENT, r.comment().text())
          .set(RULES.ENABLED, r.enabled())
          .set(RULES.SOURCE_GROUP, r.sourceGroupId())
          .set(RULES.DESTINATION_LIST, r.destinationListId())
          .set(RULES.SERVICE, r.serviceId())
          .set(RULES.SCHEDULE, r.scheduleId())
          .set(RULES.EXPIRES_AT, r.expiresAt() == null ? null : r.expiresAt().getEpochSecond())
          .set(RULES.CONNECTION_LIMIT, r.connectionLimit())
          .set(RULES.DESTINATION_DOMAIN, r.destinationDomain() == null ? null : r.destinationDomain().toString())
          .execute();
    }
    position = 0;
    for (PortForward f : c.forwards()) {
      dsl.insertInto(FORWARDS)
          .set(FORWARDS.ID, f.id())
          .set(FORWARDS.POSITION, position++)
          .set(FORWARDS.PROTOCOL, f.protocol().label())
          .set(FORWARDS.WAN_PORT_FROM, f.wanPorts().from())
          .set(FORWARDS.WAN_PORT_TO, f.wanPorts().to())
          .set(FORWARDS.HOST_ID, f.hostId())
          .set(FORWARDS.TARGET, text(f.target()))
          .set(FORWARDS.TARGET_PORT, f.targetPort())
          .set(FORWARDS.ALLOWED_SOURCES, f.allowedSources().isEmpty() ? null
              : String.join(" ", f.allowedSources().stream().map(Object::toString).toList()))
          .set(FORWARDS.ALLOWED_LIST, f.allowedListId())
          .set(FORWARDS.REFLECTION, f.reflection())
          .set(FORWARDS.LOG, f.log())
          .set(FORWARDS.COMMENT, f.comment().text())
          .set(FORWARDS.ENABLED, f.enabled())
          .execute();
    }
    Settings s = c.settings();
    dsl.insertInto(SETTINGS)
        .set(SETTINGS.ID, SETTINGS_ID)
        .set(SETTINGS.LAN_DEFAULT, s.lanDefault().label())
        .set(SETTINGS.MASQUERADE, s.masquerade())
        .set(SETTINGS.ADMIN_PORT, s.adminPort())
        .set(SETTINGS.SSH_FROM_LAN, s.sshFromLan())
        .set(SETTINGS.ANTI_LOCKOUT, s.antiLockout())
        .set(SETTINGS.UNKNOWN_DEVICES, s.unknownDevices().label())
        .set(SETTINGS.TIME_ZONE, s.timeZone() == null ? null : s.timeZone().getId())
        .set(SETTINGS.ASK_MAX_PER_HOST, s.askMaxPerHost())
        .set(SETTINGS.ASK_MAX_TOTAL, s.askMaxTotal())
        .set(SETTINGS.DNS_UPSTREAM, s.dnsUpstream() == null ? null : s.dnsUpstream().toString())
        .set(SETTINGS.DNS_TTL_FLOOR, s.dnsTtlFloor())
        .set(SETTINGS.DNS_TTL_CAP, s.dnsTtlCap())
        .set(SETTINGS.DNS_REDIRECT, s.dnsRedirect())
        .execute();
    position = 0;
    for (Decision d : c.decisions()) {
      dsl.insertInto(DECISIONS)
          .set(DECISIONS.ID, d.id())
          .set(DECISIONS.POSITION, position++)
          .set(DECISIONS.HOST_ID, d.hostId())
          .set(DECISIONS.DESTINATION, d.destination().toString())
          .set(DECISIONS.PROTOCOL, d.protocol().label())
          .set(DECISIONS.PORT, d.port())
          .set(DECISIONS.VERDICT, d.verdict().label())
          .set(DECISIONS.EXPIRES_AT, d.expires())
          .execute();
    }
  }

  private static Config read(DSLContext dsl) {
    List<NetInterface> interfaces = dsl.selectFrom(INTERFACES).orderBy(INTERFACES.POSITION).fetch()
        .map(r -> row("INTERFACES", "name " + r.getName(), r, ConfigStore::iface));
    List<Host> hosts = dsl.selectFrom(HOSTS).orderBy(HOSTS.POSITION).fetch()
        .map(r -> row("HOSTS", "id " + r.getId(), r, ConfigStore::host));
    List<Rule> rules = dsl.selectFrom(RULES).orderBy(RULES.POSITION).fetch()
        .map(r -> row("RULES", "id " + r.getId(), r, ConfigStore::rule));
    List<HostGroup> groups = dsl.selectFrom(HOST_GROUPS).orderBy(HOST_GROUPS.POSITION).fetch()
        .map(r -> row("HOST_GROUPS", "id " + r.getId(), r, g -> new HostGroup(g.getId(), g.getName(),
            g.getMembers().isBlank() ? List.of()
                : java.util.Arrays.stream(g.getMembers().split(" ")).map(Long::valueOf).toList())));
    List<AddressList> lists = dsl.selectFrom(ADDRESS_LISTS).orderBy(ADDRESS_LISTS.POSITION).fetch()
        .map(r -> row("ADDRESS_LISTS", "id " + r.getId(), r, l -> AddressList.of(l.getId(), l.getName(),
            l.getEntries().isBlank() ? List.of()
                : java.util.Arrays.stream(l.getEntries().split("\n")).map(AddressList::parseEntry).toList())));
    List<Service> services = dsl.selectFrom(SERVICES).orderBy(SERVICES.POSITION).fetch()
        .map(r -> row("SERVICES", "id " + r.getId(), r, x -> new Service(x.getId(), x.getName(),
            Service.parseEntries(x.getEntries()))));
    List<Schedule> schedules = dsl.selectFrom(SCHEDULES).orderBy(SCHEDULES.POSITION).fetch()
        .map(r -> row("SCHEDULES", "id " + r.getId(), r, x -> new Schedule(x.getId(), x.getName(),
            Schedule.parseWindows(x.getWindows()))));
    List<PortForward> forwards = dsl.selectFrom(FORWARDS).orderBy(FORWARDS.POSITION).fetch()
        .map(r -> row("FORWARDS", "id " + r.getId(), r, ConfigStore::forward));
    SettingsRecord s = dsl.selectFrom(SETTINGS).where(SETTINGS.ID.eq(SETTINGS_ID)).fetchOne();
    if (s == null) {
      if (interfaces.isEmpty() && hosts.isEmpty() && rules.isEmpty() && forwards.isEmpty()) {
        return Config.empty();
      }
      // save() always writes the settings row, so its absence means someone else changed the tables.
      throw new IllegalStateException("stored configuration is corrupt: table SETTINGS has no row id "
          + SETTINGS_ID + " although other configuration is stored");
    }
    Settings settings = row("SETTINGS", "id " + SETTINGS_ID, s, ConfigStore::settings);
    List<Decision> decisions = dsl.selectFrom(DECISIONS).orderBy(DECISIONS.POSITION).fetch()
        .map(r -> row("DECISIONS", "id " + r.getId(), r, d -> new Decision(d.getId(), d.getHostId(),
            IpAddr.parse(d.getDestination()), Protocol.parse(d.getProtocol()), d.getPort(),
            Action.parse(d.getVerdict()), d.getExpiresAt())));
    return Config.of(interfaces, hosts, rules, settings).withGroups(groups).withAddressLists(lists)
        .withServices(services).withForwards(forwards).withSchedules(schedules)
        .withDecisions(decisions);
  }

  private static NetInterface iface(InterfacesRecord r) {
    return new NetInterface(r.getName(), Role.parse(r.getRole()),
        r.getAddress() == null ? null : InterfaceAddress.parse(r.getAddress()),
        r.getAddress6() == null ? null : InterfaceAddress6.parse(r.getAddress6()));
  }

  private static Host host(HostsRecord r) {
    return new Host(r.getId(), r.getName(), r.getMac() == null ? null : Mac.parse(r.getMac()),
        Ipv4.parse(r.getIpv4()), Host.parseIpv6List(r.getIpv6()), r.getAsk());
  }

  private static Rule rule(RulesRecord r) {
    PortRange ports;
    if (r.getPortFrom() == null && r.getPortTo() == null) {
      ports = null;
    } else if (r.getPortFrom() == null || r.getPortTo() == null) {
      throw new IllegalArgumentException("port_from and port_to must both be set or both be null");
    } else {
      ports = new PortRange(r.getPortFrom(), r.getPortTo());
    }
    return new Rule(
        r.getId(),
        r.getSourceHost(),
        r.getDestination() == null ? null : Network.parse(r.getDestination()),
        Protocol.parse(r.getProtocol()),
        ports,
        Action.parse(r.getAction()),
        r.getLog(),
        new Comment(r.getComment()),
        r.getEnabled(),
        r.getSourceGroup(),
        r.getDestinationList(),
        r.getService(),
        r.getSchedule(), r.getExpiresAt() == null ? null : java.time.Instant.ofEpochSecond(r.getExpiresAt()),
        r.getConnectionLimit(), r.getDestinationDomain() == null ? null : DomainName.parse(r.getDestinationDomain()));
  }

  private static PortForward forward(ForwardsRecord r) {
    return new PortForward(r.getId(), Protocol.parse(r.getProtocol()),
        new PortRange(r.getWanPortFrom(), r.getWanPortTo()), r.getHostId(),
        r.getTarget() == null ? null : Ipv4.parse(r.getTarget()), r.getTargetPort(),
        PortForward.parseSources(r.getAllowedSources()), r.getReflection(), r.getLog(), new Comment(r.getComment()),
        r.getEnabled(), r.getAllowedList());
  }

  private static Settings settings(SettingsRecord r) {
    return new Settings(Policy.parse(r.getLanDefault()), r.getMasquerade(), r.getAdminPort(), r.getSshFromLan(),
        r.getAntiLockout(), UnknownDevices.parse(r.getUnknownDevices()),
        r.getTimeZone() == null ? null : Settings.parseZone(r.getTimeZone()), r.getAskMaxPerHost(),
        r.getAskMaxTotal(), r.getDnsUpstream() == null ? null : Ipv4.parse(r.getDnsUpstream()), r.getDnsTtlFloor(),
        r.getDnsTtlCap(), r.getDnsRedirect());
  }

  /** Converts one row, turning any failure into an error that says which row is bad. */
  private static <R, T> T row(String table, String key, R record, Function<R, T> convert) {
    try {
      return convert.apply(record);
    } catch (RuntimeException e) {
      throw new IllegalStateException("stored configuration is corrupt: table " + table + " row " + key
          + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
