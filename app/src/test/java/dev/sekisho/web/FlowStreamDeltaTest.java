package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** A stream's later updates carry only what changed: changed fields, and changed flow rows by index. */
class FlowStreamDeltaTest {
  private static JsonNode tree(String json) throws Exception {
    return FlowStreams.JSON.readTree(json.replace('\'', '"'));
  }

  @Test
  void onlyChangedFieldsAndRows() throws Exception {
    JsonNode before = tree("{'takenAt':'t1','shown':3,'flows':[{'a':1},{'a':2},{'a':3}],'talkers':[{'h':'x'}]}");
    JsonNode now = tree("{'takenAt':'t2','shown':3,'flows':[{'a':1},{'a':20},{'a':3}],'talkers':[{'h':'x'}]}");
    ObjectNode d = FlowStreams.delta(before, now);
    assertEquals(tree("{'takenAt':'t2','flowRows':{'1':{'a':20}}}"), d);

    JsonNode shorter = tree("{'takenAt':'t2','shown':2,'flows':[{'a':1},{'a':3}],'talkers':[{'h':'y'}]}");
    ObjectNode d2 = FlowStreams.delta(before, shorter);
    assertEquals(tree("{'takenAt':'t2','shown':2,'flows':[{'a':1},{'a':3}],'talkers':[{'h':'y'}]}"), d2,
        "a list that changed length is sent whole");
    assertFalse(d2.has("flowRows"));
    assertTrue(FlowStreams.delta(now, now).isEmpty(), "nothing changed, nothing sent");
  }
}
