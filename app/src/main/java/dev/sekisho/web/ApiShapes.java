package dev.sekisho.web;

import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.PortForward;
import dev.sekisho.config.Problem;
import dev.sekisho.config.Role;
import dev.sekisho.config.Rule;
import dev.sekisho.diff.ConfigDiff;
import java.util.ArrayList;
import java.util.List;

/**
 * The API's JSON shapes of the configuration, one record per object, with the values written as the panel's
 * forms show them ("any", "tcp+udp", "1000-2000"), so the same text goes back in. The schemas of
 * {@code /api/openapi.json} describe exactly these.
 */
final class ApiShapes {
  private ApiShapes() {}

  /** A network interface. */
  record InterfaceJson(String name, String role, String address, String address6) {}

  /** A LAN host. */
  record HostJson(long id, String name, String mac, String ip, List<String> ipv6, boolean ask) {}

  /** An outbound rule at its position (1 = checked first); {@code source} null means all LAN hosts. */
  record RuleJson(long id, int position, Long source, String sourceName, String destination, String protocol,
      String ports, String action, boolean log, String comment, boolean enabled, Long sourceGroup,
      Long destinationList, Long service, Long schedule, String expiresAt, Integer connectionLimit,
      String destinationDomain) {}

  /**
   * A port forward: {@code host} a host id (then {@code target} is null) or {@code target} an address;
   * {@code address} is the server's address either way; {@code targetPort} null means the same port(s).
   */
  record ForwardJson(long id, String protocol, String wanPorts, Long host, String target, String address,
      Integer targetPort, List<String> allowedSources, boolean reflection, boolean log, String comment,
      boolean enabled, Long allowedList) {}

  /** What applies when no rule matches. */
  record PolicyJson(String lanDefault, String unknownDevices) {
    static PolicyJson of(Config c) {
      return new PolicyJson(c.settings().lanDefault().label(), c.settings().unknownDevices().label());
    }
  }

  /** Masquerade and the WAN interfaces it leaves by. */
  record NatJson(boolean masquerade, List<String> wanInterfaces) {}

  /** How the admin reaches the gateway. */
  record SettingsJson(int adminPort, boolean sshFromLan, boolean antiLockout, String timeZone) {}

  /** The DNS forwarder's settings; {@code dnsUpstream} null when there is no forwarder. */
  record DnsSettingsJson(String dnsUpstream, int dnsTtlFloor, int dnsTtlCap, boolean dnsRedirect) {}

  static DnsSettingsJson dnsSettings(Config c) {
    var s = c.settings();
    return new DnsSettingsJson(s.dnsUpstream() == null ? null : s.dnsUpstream().toString(), s.dnsTtlFloor(),
        s.dnsTtlCap(), s.dnsRedirect());
  }

  /** One configuration change, as the preview and the revision diff show it. */
  record ChangeJson(String section, String kind, String title, String summary, List<FieldJson> fields) {}

  /** One changed field of a change. */
  record FieldJson(String name, String before, String after) {}

  /** A located problem. */
  record ProblemJson(String path, String message) {}

  static InterfaceJson of(NetInterface i) {
    return new InterfaceJson(i.name(), i.role().label(), i.address() == null ? null : i.address().toString(),
        i.address6() == null ? null : i.address6().toString());
  }

  static HostJson of(Host h) {
    return new HostJson(h.id(), h.name(), h.mac() == null ? null : h.mac().toString(), h.ip().toString(),
        h.ipv6().stream().map(Object::toString).toList(), h.ask());
  }

  static RuleJson of(Config c, Rule r) {
    int position = c.rules().indexOf(r) + 1;
    return new RuleJson(r.id(), position, r.sourceHostId(), RuleController.sourceLabel(c, r),
        r.destination() == null ? "any" : r.destination().toString(), r.protocol().label(),
        r.ports() == null ? null : r.ports().toString(), r.action().label(), r.log(), r.comment().text(),
        r.enabled(), r.sourceGroupId(), r.destinationListId(), r.serviceId(), r.scheduleId(),
        r.expiresAt() == null ? null : r.expiresAt().toString(), r.connectionLimit(),
        r.destinationDomain() == null ? null : r.destinationDomain().toString());
  }

  static List<RuleJson> rules(Config c) {
    return c.rules().stream().map(r -> of(c, r)).toList();
  }

  static ForwardJson of(Config c, PortForward f) {
    return new ForwardJson(f.id(), f.protocol().label(), f.wanPorts().toString(), f.hostId(),
        f.target() == null ? null : f.target().toString(), c.targetOf(f).map(Object::toString).orElse(null),
        f.targetPort(), f.allowedSources().stream().map(Object::toString).toList(), f.reflection(), f.log(),
        f.comment().text(), f.enabled(), f.allowedListId());
  }

  static List<ForwardJson> forwards(Config c) {
    return c.forwards().stream().map(f -> of(c, f)).toList();
  }

  static NatJson nat(Config c) {
    return new NatJson(c.settings().masquerade(), c.interfaces(Role.WAN).stream().map(NetInterface::name).toList());
  }

  static SettingsJson settings(Config c) {
    return new SettingsJson(c.settings().adminPort(), c.settings().sshFromLan(), c.settings().antiLockout(),
        c.settings().timeZone() == null ? null : c.settings().timeZone().getId());
  }

  static List<ChangeJson> changes(Config from, Config to) {
    List<ChangeJson> out = new ArrayList<>();
    for (ConfigDiff.Change ch : ConfigDiff.between(from, to)) {
      out.add(new ChangeJson(ch.section().label(), ch.kind().name().toLowerCase(java.util.Locale.ROOT), ch.title(),
          ch.summary(), ch.fields().stream().map(f -> new FieldJson(f.name(), f.before(), f.after())).toList()));
    }
    return out;
  }

  static List<ProblemJson> problems(List<Problem> ps) {
    return ps.stream().map(p -> new ProblemJson(p.path(), p.message())).toList();
  }
}
