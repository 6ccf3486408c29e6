package dev.sekisho.diff;

import dev.sekisho.config.Config;
import dev.sekisho.config.Rule;
import dev.sekisho.i18n.Message;

/**
 * The words {@link ConfigDiff} shows for values: the bundle's word for a fixed value ("on", "any", "all LAN
 * hosts"), the data itself (an address, a host's name) as plain text, never translated.
 */
final class DiffWords {
  private DiffWords() {}

  /** A value as shown: the bundle word for a fixed value ("on", "any"), the data itself otherwise. */
  static Message word(String key) {
    return Message.of("diff.value." + key);
  }

  static Message source(Config c, Long hostId) {
    if (hostId == null) {
      return DiffWords.word("all_lan_hosts");
    }
    return c.host(hostId).map(h -> Message.plain(h.name() + " (#" + h.id() + ")"))
        .orElse(Message.of("diff.value.missing_host", hostId));
  }

  static Message destination(Rule r) {
    if (r.destinationDomain() != null) {
      return Message.of("diff.value.domain", r.destinationDomain().toString());
    }
    return r.destination() == null ? DiffWords.word("any") : Message.plain(r.destination().toString());
  }

  /** The rule's source: a host, a group (by name, with its id) or all LAN hosts. */
  static Message source(Config c, Rule r) {
    if (r.sourceGroupId() != null) {
      return c.group(r.sourceGroupId()).map(g -> Message.of("diff.value.group", g.name(), g.id()))
          .orElse(Message.of("diff.value.missing_object", r.sourceGroupId()));
    }
    return source(c, r.sourceHostId());
  }

  /** The rule's destination: a network, an address list (by name) or any. */
  static Message destination(Config c, Rule r) {
    if (r.destinationListId() != null) {
      return c.addressList(r.destinationListId()).map(l -> Message.of("diff.value.list", l.name(), l.id()))
          .orElse(Message.of("diff.value.missing_object", r.destinationListId()));
    }
    return destination(r);
  }

  /** The rule's service by name, or none. */
  static Message service(Config c, Rule r) {
    if (r.serviceId() == null) {
      return word("none");
    }
    return c.service(r.serviceId()).map(x -> Message.of("diff.value.service", x.name(), x.id()))
        .orElse(Message.of("diff.value.missing_object", r.serviceId()));
  }

  static Message schedule(Config c, Rule r) {
    if (r.scheduleId() == null) {
      return word("always");
    }
    return c.schedule(r.scheduleId()).map(x -> Message.of("diff.value.schedule", x.name(), x.id()))
        .orElse(Message.of("diff.value.missing_object", r.scheduleId()));
  }

  static Message zone(dev.sekisho.config.Settings s) {
    return s.timeZone() == null ? word("system_zone") : Message.plain(s.timeZone().getId());
  }

  static Message ports(Rule r) {
    if (r.ports() != null) {
      return Message.plain(r.ports().toString());
    }
    return DiffWords.word(r.protocol().hasPorts() ? "all" : "none");
  }

  static Message quoted(String s) {
    return s.isEmpty() ? DiffWords.word("none_parenthesised") : Message.plain("\"" + s + "\"");
  }

  static Message onOff(boolean b) {
    return DiffWords.word(b ? "on" : "off");
  }

  static Message text(Object o) {
    return o == null ? DiffWords.word("none") : Message.plain(o.toString());
  }

  static Message action(Rule r) {
    return Message.of("action." + r.action().label());
  }
}
