package dev.sekisho.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.config.Problem;
import dev.sekisho.config.StrictJson;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The {@code content.auditLog} section of a backup (format version 3 on): the audit log's events, oldest
 * first, each {@code {"at", "user", "source", "kind", "outcome", "detail"}}. Audit events never hold a secret
 * (no password, token or hash is ever put in one), so the section goes into plain backups. Read as strictly as
 * the rest: exact members, strings within the database's lengths, known kinds, ISO-8601 times.
 */
final class AuditSection {
  /** The member name in {@code content}. */
  static final String NAME = "auditLog";
  private static final Set<String> MEMBERS = Set.of("at", "user", "source", "kind", "outcome", "detail");

  private AuditSection() {}

  /** The events as the section's JSON array. */
  static ArrayNode toTree(List<AuditEvent> events) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (AuditEvent e : events) {
      ObjectNode o = out.addObject();
      o.put("at", e.at().toString());
      o.put("user", e.user());
      o.put("source", e.source());
      o.put("kind", e.kind().label());
      o.put("outcome", e.outcome());
      o.put("detail", e.detail());
    }
    return out;
  }

  /** The events of the section (empty when it is absent), or problems added to {@code problems}. */
  static List<AuditEvent> fromTree(JsonNode section, List<Problem> problems) {
    List<AuditEvent> out = new ArrayList<>();
    if (section == null) {
      return out;
    }
    String base = "content." + NAME;
    if (!section.isArray()) {
      problems.add(new Problem(base, "must be an array"));
      return out;
    }
    for (int i = 0; i < section.size() && problems.size() < 20; i++) {
      String path = base + "[" + i + "]";
      JsonNode n = section.get(i);
      if (!n.isObject()) {
        problems.add(new Problem(path, "must be an object"));
        continue;
      }
      int before = problems.size();
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!MEMBERS.contains(f)) {
          problems.add(new Problem(path + "." + StrictJson.cut(f), "unknown field"));
        }
      }
      String at = text(n, path, "at", 64, problems);
      String user = text(n, path, "user", AuditEvent.MAX_USER, problems);
      String source = text(n, path, "source", AuditEvent.MAX_SOURCE, problems);
      String kind = text(n, path, "kind", 32, problems);
      String outcome = text(n, path, "outcome", AuditEvent.MAX_OUTCOME, problems);
      String detail = text(n, path, "detail", AuditEvent.MAX_DETAIL, problems);
      Instant when = null;
      AuditKind k = null;
      if (at != null) {
        try {
          when = Instant.parse(at);
        } catch (DateTimeParseException e) {
          problems.add(new Problem(path + ".at", "'" + StrictJson.cut(at)
              + "' is not a time such as 2025-03-01T10:15:30Z"));
        }
      }
      if (kind != null) {
        k = kind(kind);
        if (k == null) {
          problems.add(new Problem(path + ".kind", "'" + StrictJson.cut(kind) + "' is not an audit event kind"));
        }
      }
      if (problems.size() == before) {
        out.add(new AuditEvent(when, user, source, k, outcome, detail));
      }
    }
    return out;
  }

  private static AuditKind kind(String label) {
    for (AuditKind k : AuditKind.values()) {
      if (k.label().equals(label)) {
        return k;
      }
    }
    return null;
  }

  private static String text(JsonNode n, String path, String field, int max, List<Problem> problems) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      problems.add(new Problem(path + "." + field, v == null ? "is missing" : "must be a string"));
      return null;
    }
    if (v.textValue().length() > max) {
      problems.add(new Problem(path + "." + field, "is longer than " + max + " characters"));
      return null;
    }
    return v.textValue();
  }
}
