package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The flow list is read a page at a time: page n of "limit" rows, links to the neighbours, a checked field. */
class FlowPagesWebTest extends WebTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeEach
  void withFlows() {
    h.close();
    h = new Harness(dir, new FakeFlows(Harness.START));
    h.configs.save(FlowsWebTest.config());
  }

  private static List<String> remotes(Browser b, String query) throws Exception {
    Browser.Page p = b.get("/flows/stream" + query);
    assertEquals(200, p.status(), p.body());
    JsonNode v = JSON.readTree(p.body());
    assertEquals(4, v.get("matched").asInt(), "every page counts every match");
    List<String> out = new ArrayList<>();
    v.get("flows").forEach(f -> out.add(f.get("remote").asText()));
    return out;
  }

  @Test
  void pagesOfTheListInTheAskedOrder() throws Exception {
    Browser b = loggedIn();
    assertEquals(List.of("203.0.113.10:443", "203.0.113.20:53"), remotes(b, "?limit=2"));
    assertEquals(List.of("198.51.100.7:80", "203.0.113.10"), remotes(b, "?limit=2&page=2"));
    assertEquals(List.of(), remotes(b, "?limit=2&page=3"));
    assertEquals(List.of("203.0.113.20:53"), remotes(b, "?limit=1&page=2"));
    assertEquals(List.of("203.0.113.10:443"), remotes(b, "?limit=1&page=4&sort=recent"));

    String first = b.get("/flows?limit=1").body();
    assertTrue(first.contains("id=\"flow-page-next\" href=\"/flows?sort=bytes&amp;limit=1&amp;page=2\""), first);
    assertFalse(first.contains("flow-page-previous"), "no previous page on the first");
    assertTrue(first.contains("rows 1\u20131 of 4"), first);
    String second = b.get("/flows?limit=1&page=2").body();
    assertTrue(second.contains("id=\"flow-page-previous\" href=\"/flows?sort=bytes&amp;limit=1\""), second);
    assertTrue(second.contains("rows 2\u20132 of 4"), second);
    assertTrue(second.contains("data-stream=\"/flows/stream?sort=bytes&amp;limit=1&amp;page=2\"")
        || second.contains("/flows/stream?sort=bytes&amp;limit=1&amp;page=2"), "the stream follows the same page");
    String last = b.get("/flows?limit=1&page=4").body();
    assertFalse(last.contains("flow-page-next"), "no next page on the last");
    assertFalse(b.get("/flows").body().contains("flow-pager"), "no pager when everything fits");
  }

  @Test
  void aBadPageIsAnErrorAtTheField() {
    Browser b = loggedIn();
    for (String bad : List.of("0", "x", "10001", "-1")) {
      Browser.Page p = b.get("/flows?page=" + bad);
      assertEquals(400, p.status(), bad);
      assertTrue(p.body().contains("a page number from 1 to 10,000")
          || p.body().contains("a page number from 1 to 10000"), p.body());
      assertEquals(400, b.get("/flows/stream?page=" + bad).status(), bad);
    }
  }
}
