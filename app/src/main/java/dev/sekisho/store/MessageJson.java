package dev.sekisho.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sekisho.i18n.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * A message's arguments as stored in a column: a JSON array of strings, numbers and nested messages
 * ({@code {"key": ..., "args": [...]}} or {@code {"plain": ...}}), so a stored notice is rendered later in
 * whichever language its reader uses. Anything unreadable reads back as no arguments, never as an error:
 * a notice must always be shown.
 */
final class MessageJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MessageJson() {}

  static String args(Message m) {
    return array(m.args()).toString();
  }

  static List<Object> args(String json) {
    if (json == null || json.isEmpty()) {
      return List.of();
    }
    try {
      JsonNode n = JSON.readTree(json);
      return n.isArray() ? values(n) : List.of();
    } catch (java.io.IOException | RuntimeException e) {
      return List.of();
    }
  }

  private static ArrayNode array(List<Object> args) {
    ArrayNode a = JSON.createArrayNode();
    for (Object o : args) {
      if (o instanceof Message inner) {
        ObjectNode n = a.addObject();
        if (inner.key() == null) {
          n.put("plain", inner.plain());
        } else {
          n.put("key", inner.key());
          n.set("args", array(inner.args()));
        }
      } else if (o instanceof Long || o instanceof Integer) {
        a.add(((Number) o).longValue());
      } else {
        a.add(String.valueOf(o));
      }
    }
    return a;
  }

  private static List<Object> values(JsonNode array) {
    List<Object> out = new ArrayList<>();
    for (JsonNode n : array) {
      if (n.isObject() && n.path("key").isTextual()) {
        out.add(Message.of(n.get("key").textValue(), values(n.path("args")).toArray()));
      } else if (n.isObject()) {
        out.add(Message.plain(n.path("plain").asText("")));
      } else if (n.isIntegralNumber()) {
        out.add(n.longValue());
      } else {
        out.add(n.asText());
      }
    }
    return out;
  }
}
