package dev.sekisho.diff;

import dev.sekisho.config.Cidr;
import dev.sekisho.config.Config;
import dev.sekisho.config.PortForward;
import dev.sekisho.i18n.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The port-forward part of {@link ConfigDiff}: forwards are matched by id and reported as added, removed,
 * changed (field by field) or moved, in the admin's words ("Port forward #2 (NAS) changed: WAN port 8443 →
 * 8444").
 */
final class ForwardDiff {
  private ForwardDiff() {}

  /** Adds the forward changes from {@code before} to {@code after} to {@code out}. */
  static void between(Config before, Config after, List<ConfigDiff.Change> out) {
    ConfigDiff.items(ConfigDiff.Section.FORWARDS, before.forwards(), after.forwards(), f -> Long.toString(f.id()),
        (c, f) -> title(f), ForwardDiff::describe, (b, a) -> fields(before, b, after, a), before, after, out);
  }

  /** How a forward is named: "Port forward #2", with its comment when it has one. */
  static Message title(PortForward f) {
    return f.comment().isEmpty() ? Message.of("diff.title.forward", f.id())
        : Message.of("diff.title.forward_comment", f.id(), f.comment().text());
  }

  /** A forward in one line: "tcp WAN port 8443 to nas (#1) port 443, from any source, reflected". */
  static Message describe(Config c, PortForward f) {
    String flags = (f.reflection() ? "r" : "") + (f.log() ? "l" : "") + (f.enabled() ? "" : "d");
    return Message.of("diff.forward", f.protocol().label(), f.wanPorts().toString(), target(c, f), port(f),
        sources(c, f), flags.isEmpty() ? Message.plain("") : Message.of("diff.forward.flags." + flags));
  }

  private static Message target(Config c, PortForward f) {
    return f.hostId() == null ? Message.plain(f.target().toString()) : DiffWords.source(c, f.hostId());
  }

  private static Message port(PortForward f) {
    return f.targetPort() == null ? DiffWords.word("same_port") : Message.plain(Integer.toString(f.targetPort()));
  }

  private static Message sources(Config c, PortForward f) {
    if (f.allowedListId() != null) {
      return c.addressList(f.allowedListId()).map(l -> Message.of("diff.value.list", l.name(), l.id()))
          .orElse(Message.of("diff.value.missing_object", f.allowedListId()));
    }
    return f.allowedSources().isEmpty() ? DiffWords.word("any")
        : Message.plain(String.join(", ", f.allowedSources().stream().map(Cidr::toString).toList()));
  }

  private static List<ConfigDiff.Field> fields(Config bc, PortForward b, Config ac, PortForward a) {
    List<ConfigDiff.Field> out = new ArrayList<>();
    field(out, "protocol", Message.plain(b.protocol().label()), Message.plain(a.protocol().label()));
    field(out, "wan_ports", Message.plain(b.wanPorts().toString()), Message.plain(a.wanPorts().toString()));
    // by host id: renaming the host is a host change, not a change of its forwards
    if (!Objects.equals(b.hostId(), a.hostId()) || !Objects.equals(b.target(), a.target())) {
      out.add(ConfigDiff.Field.of("target", target(bc, b), target(ac, a)));
    }
    field(out, "target_port", port(b), port(a));
    if (!Objects.equals(b.allowedSources(), a.allowedSources())
        || !Objects.equals(b.allowedListId(), a.allowedListId())) {
      out.add(ConfigDiff.Field.of("allowed_sources", sources(bc, b), sources(ac, a)));
    }
    field(out, "reflection", DiffWords.onOff(b.reflection()), DiffWords.onOff(a.reflection()));
    field(out, "log", DiffWords.onOff(b.log()), DiffWords.onOff(a.log()));
    field(out, "comment", DiffWords.quoted(b.comment().text()), DiffWords.quoted(a.comment().text()));
    field(out, "state", DiffWords.word(b.enabled() ? "enabled" : "disabled"),
        DiffWords.word(a.enabled() ? "enabled" : "disabled"));
    return out;
  }

  private static void field(List<ConfigDiff.Field> out, String name, Message before, Message after) {
    if (!before.english().equals(after.english())) {
      out.add(ConfigDiff.Field.of(name, before, after));
    }
  }
}
