package dev.sekisho.ruleset;

import dev.sekisho.config.Config;
import dev.sekisho.config.Names;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.ParseException;
import dev.sekisho.config.Role;
import dev.sekisho.config.Settings;
import dev.sekisho.i18n.Message;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The ruleset the boot restore falls back to when no confirmed ruleset can be loaded: the gateway can be
 * managed from the LAN and nothing is forwarded. A pure function of a few facts about management
 * ({@link Management}), which are saved next to the confirmed ruleset so that building it needs neither the
 * database nor a valid configuration.
 *
 * <p>When even the LAN interface is unknown, the generic variant accepts the admin port (and SSH) from
 * private and link-local IPv4 source addresses on any interface. Both variants drop everything else that
 * comes in and everything that would be forwarded: a fallback is never an open firewall.
 */
public final class SafeRuleset {
  /** Sources the generic variant accepts management from: RFC 1918 private and link-local IPv4. */
  public static final List<String> PRIVATE_SOURCES =
      List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16");

  private SafeRuleset() {}

  /**
   * What the safe ruleset needs to know.
   *
   * @param lanInterfaces names of the LAN interfaces; empty when unknown (the generic variant)
   * @param adminPort TCP port of the admin panel
   * @param sshFromLan whether SSH (TCP 22) is allowed as well
   */
  public record Management(List<String> lanInterfaces, int adminPort, boolean sshFromLan) {
    /** Nothing known: the default panel port and SSH, from private addresses. */
    public static final Management UNKNOWN =
        new Management(List.of(), Settings.DEFAULTS.adminPort(), Settings.DEFAULTS.sshFromLan());

    /** Checks names and port, drops duplicate names. */
    public Management {
      List<String> names = new ArrayList<>();
      for (String n : lanInterfaces) {
        names.add(Names.interfaceName(n));
      }
      lanInterfaces = List.copyOf(new LinkedHashSet<>(names));
      if (adminPort < 1 || adminPort > 65535) {
        throw new ParseException(Message.plain("admin port " + adminPort + " is out of range 1-65535"));
      }
    }

    /** The management facts of a configuration. */
    public static Management of(Config c) {
      return new Management(c.interfaces(Role.LAN).stream().map(NetInterface::name).toList(),
          c.settings().adminPort(), c.settings().sshFromLan());
    }

    /** True when the LAN interfaces are known (otherwise the generic variant is used). */
    public boolean knowsLan() {
      return !lanInterfaces.isEmpty();
    }

    /** The file form: {@code key=value} lines (see {@link #parse}). */
    public String toText() {
      return "# Sekisho: what the safe boot ruleset needs; rewritten at every confirmed apply.\n"
          + "lan=" + String.join(",", lanInterfaces) + "\n"
          + "admin-port=" + adminPort + "\n"
          + "ssh-from-lan=" + sshFromLan + "\n";
    }

    /**
     * Reads the file form strictly: all three keys exactly once, nothing else but comments and blank lines.
     *
     * @throws ParseException naming the line at fault
     */
    public static Management parse(String text) {
      String lan = null;
      String port = null;
      String ssh = null;
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int eq = line.indexOf('=');
        String key = eq < 0 ? line : line.substring(0, eq).strip();
        String value = eq < 0 ? null : line.substring(eq + 1).strip();
        boolean dup;
        switch (key) {
          case "lan" -> {
            dup = lan != null;
            lan = value;
          }
          case "admin-port" -> {
            dup = port != null;
            port = value;
          }
          case "ssh-from-lan" -> {
            dup = ssh != null;
            ssh = value;
          }
          default -> throw new ParseException(Message.plain("line " + (i + 1) + ": unknown key"));
        }
        if (value == null || dup) {
          throw new ParseException(Message.plain("line " + (i + 1) + ": " + (dup ? "repeated key " : "no value for ")
              + key));
        }
      }
      if (lan == null || port == null || ssh == null) {
        throw new ParseException(Message.plain("lan, admin-port and ssh-from-lan are all required"));
      }
      if (!ssh.equals("true") && !ssh.equals("false")) {
        throw new ParseException(Message.plain("ssh-from-lan must be true or false"));
      }
      int p;
      try {
        p = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        throw new ParseException(Message.plain("admin-port is not a number"));
      }
      List<String> names = lan.isEmpty() ? List.of() : List.of(lan.split(",", -1));
      return new Management(names, p, Boolean.parseBoolean(ssh));
    }
  }

  /** The safe ruleset: from the LAN interfaces when they are known, the generic variant otherwise. */
  public static String compile(Management m) {
    boolean both = m.sshFromLan() && m.adminPort() != 22;
    String ports = both ? "{ 22, " + m.adminPort() + " }" : String.valueOf(m.adminPort());
    String what = m.sshFromLan() ? "the admin panel and SSH" : "the admin panel";
    NftText t = new NftText();
    t.line("# Sekisho safe ruleset, loaded at boot because no confirmed ruleset could be loaded: only management");
    t.line("# of the gateway is let in, nothing is forwarded. Apply a configuration to replace it.");
    t.line("table " + RulesetCompiler.TABLE);
    t.line("delete table " + RulesetCompiler.TABLE);
    t.blank();
    t.open("table " + RulesetCompiler.TABLE);
    t.open("chain input");
    t.line("type filter hook input priority filter; policy drop;");
    t.line("iif \"lo\" accept " + NftText.comment("!sekisho: safe mode: the gateway talking to itself"));
    t.line("ct state vmap { established : accept, related : accept, invalid : drop } "
        + NftText.comment("!sekisho: safe mode: replies to the gateway's own connections"));
    if (m.knowsLan()) {
      t.line("iifname " + NftText.interfaces(m.lanInterfaces()) + " tcp dport " + ports + " accept "
          + NftText.comment("!sekisho: safe mode: " + what + " from the LAN"));
    } else {
      t.line("ip saddr { " + String.join(", ", PRIVATE_SOURCES) + " } tcp dport " + ports + " accept "
          + NftText.comment("!sekisho: safe mode, LAN unknown: " + what + " from private addresses"));
    }
    t.close();
    t.blank();
    t.open("chain forward");
    t.line("type filter hook forward priority filter; policy drop;");
    t.line("counter drop " + NftText.comment("!sekisho: safe mode: nothing is forwarded"));
    t.close();
    t.close();
    return t.text();
  }
}
