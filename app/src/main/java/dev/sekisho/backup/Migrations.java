package dev.sekisho.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sekisho.config.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings the content of an older backup up to the current format version, one version at a time, on the
 * JSON tree before the strict reader sees it. Each step only adds what the newer version requires and
 * refuses what the older version could not have contained, so a migrated backup is read as strictly as a
 * new one.
 */
public final class Migrations {
  private Migrations() {}

  /**
   * Migrates {@code content} (changed in place) from {@code version} to {@link BackupFormat#CURRENT_VERSION}.
   *
   * @return the problems; empty when the content is now in the current shape
   */
  public static List<Problem> toCurrent(int version, ObjectNode content) {
    List<Problem> problems = new ArrayList<>();
    for (int v = version; v < BackupFormat.CURRENT_VERSION && problems.isEmpty(); v++) {
      switch (v) {
        case 1 -> from1To2(content, problems);
        case 2 -> from2To3(content, problems);
        case 3 -> from3To4(content, problems);
        case 4 -> from4To5(content, problems);
        case 5 -> from5To6(content, problems);
        case 6 -> from6To7(content, problems);
        case 7 -> from7To8(content, problems);
        case 8 -> from8To9(content, problems);
        case 9 -> from9To10(content, problems);
        case 10 -> from10To11(content, problems);
        case 11 -> from11To12(content, problems);
        default -> problems.add(new Problem("formatVersion", "no migration from version " + v));
      }
    }
    return problems;
  }

  /**
   * Version 5 added objects (host groups, address lists, services) and the rule fields that name them; older
   * versions could hold none, so nothing is added, and one that carries them is refused.
   */
  private static void from4To5(ObjectNode content, List<Problem> problems) {
    JsonNode config = content.get("config");
    if (config == null || !config.isObject()) {
      return;
    }
    String later = "unknown field (format versions before 5 have no objects)";
    for (String f : List.of("groups", "addressLists", "services")) {
      if (config.has(f)) {
        problems.add(new Problem(f, later));
      }
    }
    JsonNode rules = config.get("rules");
    if (rules != null && rules.isArray()) {
      for (String f : List.of("sourceGroup", "destinationList", "service")) {
        refuse(rules, "rules", f, later, problems);
      }
    }
  }

  /**
   * Version 6 added port forwards, an optional list of the configuration; older versions had none, so
   * nothing is added, and one that carries forwards is refused.
   */
  private static void from5To6(ObjectNode content, List<Problem> problems) {
    JsonNode config = content.get("config");
    if (config != null && config.isObject() && config.has("forwards")) {
      problems.add(new Problem("config.forwards", "unknown field (format versions before 6 have no port forwards)"));
    }
  }

  /**
   * Version 7 added the unknown-devices policy, an optional setting whose absence means "allow" (what older
   * versions did); one that carries it is refused.
   */
  private static void from6To7(ObjectNode content, List<Problem> problems) {
    JsonNode config = content.get("config");
    JsonNode settings = config == null ? null : config.get("settings");
    if (settings != null && settings.isObject() && settings.has("unknownDevices")) {
      problems.add(new Problem("settings.unknownDevices",
          "unknown field (format versions before 7 have no unknown-devices policy)"));
    }
  }

  /**
   * Version 8 added schedules: the optional {@code schedules} list, rules' {@code schedule} and the settings'
   * {@code timeZone}; older versions had none, so nothing is added, and one that carries them is refused.
   */
  private static void from7To8(ObjectNode content, List<Problem> problems) {
    JsonNode config = content.get("config");
    if (config == null || !config.isObject()) {
      return;
    }
    String later = "unknown field (format versions before 8 have no schedules)";
    if (config.has("schedules")) {
      problems.add(new Problem("config.schedules", later));
    }
    refuse(config.get("rules"), "rules", "schedule", later, problems);
    JsonNode settings = config.get("settings");
    if (settings != null && settings.has("timeZone")) {
      problems.add(new Problem("settings.timeZone", later));
    }
  }

  /**
   * Version 9 added temporary and count-limited rules (a rule's {@code expiresAt} and {@code connectionLimit});
   * older versions had none, so nothing is added, and rules that carry them are refused.
   */
  private static void from8To9(ObjectNode content, List<Problem> problems) {
    JsonNode config = content.get("config");
    if (config == null || !config.isObject()) {
      return;
    }
    String later = "unknown field (format versions before 9 have no temporary or count-limited rules)";
    for (String f : List.of("expiresAt", "connectionLimit")) {
      refuse(config.get("rules"), "rules", f, later, problems);
    }
  }

  /**
   * Version 10 added the decisions inbox: hosts' {@code ask}, the settings' bounds of pending decisions and the
   * configuration's {@code decisions}; older versions had none, so nothing is added, and one that carries
   * them is refused.
   */
  private static void from9To10(ObjectNode content, List<Problem> problems) {
    JsonNode config = content.get("config");
    if (config == null || !config.isObject()) {
      return;
    }
    String later = "unknown field (format versions before 10 have no decisions inbox)";
    if (config.has("decisions")) {
      problems.add(new Problem("config.decisions", later));
    }
    refuse(config.get("hosts"), "hosts", "ask", later, problems);
    JsonNode settings = config.get("settings");
    for (String f : List.of("askMaxPerHost", "askMaxTotal")) {
      if (settings != null && settings.isObject() && settings.has(f)) {
        problems.add(new Problem("settings." + f, later));
      }
    }
  }

  /**
   * Version 11 added rules by domain name and the DNS forwarder's settings, all optional; older versions had
   * none, so nothing is added, and one that carries them is refused.
   */
  private static void from10To11(ObjectNode content, List<Problem> problems) {
    JsonNode config = content.get("config");
    if (config == null || !config.isObject()) {
      return;
    }
    String later = "unknown field (format versions before 11 have no domain rules)";
    refuse(config.get("rules"), "rules", "destinationDomain", later, problems);
    JsonNode s = config.get("settings");
    if (s != null && s.isObject()) {
      for (String f : List.of("dnsUpstream", "dnsTtlFloor", "dnsTtlCap", "dnsRedirect")) {
        if (s.has(f)) {
          problems.add(new Problem("settings." + f, later));
        }
      }
    }
  }

  /**
   * Version 12 allowed domain names among an address list's entries; an older file whose lists hold one (an
   * entry that is no address or network) is refused.
   */
  private static void from11To12(ObjectNode content, List<Problem> problems) {
    JsonNode config = content.get("config");
    JsonNode lists = config == null ? null : config.get("addressLists");
    if (lists == null || !lists.isArray()) {
      return;
    }
    for (int i = 0; i < lists.size(); i++) {
      JsonNode entries = lists.get(i).get("entries");
      if (entries == null || !entries.isArray()) {
        continue;
      }
      for (JsonNode e : entries) {
        if (e.isTextual() && isDomain(e.textValue())) {
          problems.add(new Problem("addressLists[" + i + "].entries", "a domain name (format versions before 12 "
              + "have no domain names in address lists)"));
          break;
        }
      }
    }
  }

  private static boolean isDomain(String entry) {
    try {
      return dev.sekisho.config.AddressList.parseEntry(entry) instanceof dev.sekisho.config.DomainName;
    } catch (dev.sekisho.config.ParseException e) {
      return false; // a bad entry: the strict reader reports it at its place
    }
  }

  /**
   * Version 4 added IPv6: interfaces' {@code address6}, hosts' {@code ipv6} and IPv6 rule destinations. Older
   * versions could hold none of them, so nothing is added, and one that carries them is refused.
   */
  private static void from3To4(ObjectNode content, List<Problem> problems) {
    JsonNode config = content.get("config");
    if (config == null || !config.isObject()) {
      return; // the strict reader reports what is missing, with its location
    }
    String later = "unknown field (format versions before 4 have no IPv6)";
    refuse(config.get("interfaces"), "interfaces", "address6", later, problems);
    refuse(config.get("hosts"), "hosts", "ipv6", later, problems);
    JsonNode rules = config.get("rules");
    if (rules != null && rules.isArray()) {
      for (int i = 0; i < rules.size(); i++) {
        JsonNode d = rules.get(i).get("destination");
        if (d != null && d.isTextual() && d.textValue().indexOf(':') >= 0) {
          problems.add(new Problem("rules[" + i + "].destination", "an IPv6 destination (format versions before 4 "
              + "have no IPv6)"));
        }
      }
    }
  }

  private static void refuse(JsonNode list, String path, String field, String why, List<Problem> problems) {
    if (list == null || !list.isArray()) {
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).has(field)) {
        problems.add(new Problem(path + "[" + i + "]." + field, why));
      }
    }
  }

  /**
   * Version 3 added the optional {@code auditLog}; older backups have none, so nothing is added, and one that
   * claims an older version but carries an audit log is refused rather than read half-way.
   */
  private static void from2To3(ObjectNode content, List<Problem> problems) {
    if (content.has(AuditSection.NAME)) {
      problems.add(new Problem("content." + AuditSection.NAME, "unknown field (format versions before 3 have no "
          + "audit log)"));
    }
  }

  /** Version 2 added settings.antiLockout; before it, the panel was always reachable from the LAN. */
  private static void from1To2(ObjectNode content, List<Problem> problems) {
    JsonNode config = content.get("config");
    JsonNode settings = config == null ? null : config.get("settings");
    if (settings == null || !settings.isObject()) {
      return; // the strict reader reports what is missing, with its location
    }
    if (settings.has("antiLockout")) {
      problems.add(new Problem("settings.antiLockout", "unknown field (format version 1 has no antiLockout)"));
      return;
    }
    ((ObjectNode) settings).put("antiLockout", true);
  }
}
