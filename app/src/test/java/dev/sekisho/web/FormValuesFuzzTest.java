package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sekisho.capture.FlowQuery;
import dev.sekisho.config.Action;
import dev.sekisho.config.Cidr;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.FuzzChecks;
import dev.sekisho.config.InterfaceAddress;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Mac;
import dev.sekisho.config.Names;
import dev.sekisho.config.Policy;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Problem;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Role;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Coverage-guided fuzzing of the parsers the controllers run on posted fields, through {@link Form#parse}
 * exactly as the controllers call them: a parser may refuse only with a ParseException (anything else would
 * escape the form and answer 500), its message is short and shows no invisible character raw, and what it
 * accepts is the canonical value that parses back to itself. The free-text fields get the allow-list
 * checked independently: an accepted comment (copied into the ruleset inside quotes) or host name never holds
 * a quote, backslash, {@code ; # $ { }}, a control, format or separator character, and stays within its
 * length. The live flow filter ({@link FlowFilter}, query parameters) and the explain query
 * ({@link ExplainQuery}) run on the same text split at {@code &}.
 */
class FormValuesFuzzTest {
  /** What an accepted comment may never contain (the type's documentation, checked independently of it). */
  private static final String COMMENT_FORBIDDEN = "\"\\;#${}`<>*|~^\t\n\r";

  @FuzzTest(maxDuration = "10m")
  void formValues(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    Form f = new Form();
    f.set("v", text);

    Ipv4 ip = parsed(f, Ipv4::parse);
    if (ip != null) {
      assertTrue(ip.toString().matches("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}"), ip::toString);
      assertEquals(ip, Ipv4.parse(ip.toString()));
    }
    Cidr cidr = parsed(f, Cidr::parse);
    if (cidr != null) {
      assertEquals(cidr, Cidr.parse(cidr.toString()));
      assertTrue(cidr.prefix() >= 0 && cidr.prefix() <= 32);
      int mask = cidr.prefix() == 0 ? 0 : -1 << (32 - cidr.prefix());
      assertEquals(cidr.network().bits(), cidr.network().bits() & mask, "no host bits");
    }
    InterfaceAddress ifa = parsed(f, InterfaceAddress::parse);
    if (ifa != null) {
      assertEquals(ifa, InterfaceAddress.parse(ifa.toString()));
    }
    Mac mac = parsed(f, Mac::parse);
    if (mac != null) {
      assertTrue(mac.toString().matches("([0-9a-f]{2}:){5}[0-9a-f]{2}"), mac::toString);
      assertEquals(mac, Mac.parse(mac.toString()));
    }
    PortRange ports = parsed(f, PortRange::parse);
    if (ports != null) {
      assertTrue(1 <= ports.from() && ports.from() <= ports.to() && ports.to() <= 65535, ports::toString);
      assertEquals(ports, PortRange.parse(ports.toString()));
    }
    Comment comment = parsed(f, Comment::parse);
    if (comment != null) {
      checkComment(comment.text());
      assertEquals(comment, new Comment(comment.text()));
    }
    String host = parsed(f, Names::hostName);
    if (host != null) {
      checkHostName(host);
      assertEquals(host, Names.hostName(host));
    }
    String ifname = parsed(f, Names::interfaceName);
    if (ifname != null) {
      assertTrue(ifname.matches("[A-Za-z0-9._-]{1,15}") && !ifname.equals(".") && !ifname.equals(".."), ifname);
    }
    Protocol proto = parsed(f, Protocol::parse);
    if (proto != null) {
      assertEquals(proto, Protocol.parse(proto.label()));
    }
    Action action = parsed(f, Action::parse);
    if (action != null) {
      assertEquals(action, Action.parse(action.label()));
    }
    Role role = parsed(f, Role::parse);
    if (role != null) {
      assertEquals(role, Role.parse(role.label()));
    }
    Policy policy = parsed(f, Policy::parse);
    if (policy != null) {
      assertEquals(policy, Policy.parse(policy.label()));
    }
    flowFilter(text);
    explainQuery(text);
  }

  /** Runs one parser the way a controller does; a refusal leaves the field's message. */
  private static <T> T parsed(Form f, Function<String, T> parser) {
    Form one = new Form().set("v", f.value("v"));
    T value = one.parse("v", parser);
    if (value == null) {
      assertTrue(one.hasError("v"), "a refusal says why");
      FuzzChecks.assertShownSafely(new Problem("v", one.error("v")));
    } else {
      assertFalse(one.hasErrors());
    }
    return value;
  }

  private static void checkComment(String s) {
    assertTrue(s.getBytes(StandardCharsets.UTF_8).length <= Comment.MAX_BYTES, s);
    assertEquals(s.strip(), s, "no surrounding white space");
    s.codePoints().forEach(c -> assertTrue(COMMENT_FORBIDDEN.indexOf(c) < 0, () -> "comment holds U+"
        + Integer.toHexString(c)));
    FuzzChecks.assertNoInvisible(s);
    assertFalse(s.codePoints().anyMatch(c -> Character.isWhitespace(c) && c != ' '), "only the plain space");
  }

  private static void checkHostName(String s) {
    assertTrue(s.codePointCount(0, s.length()) <= 64 && !s.isBlank(), s);
    assertEquals(s.strip(), s);
    FuzzChecks.assertNoInvisible(s);
    s.codePoints().forEach(c -> assertTrue(Character.isLetterOrDigit(c) || " .-_'".indexOf(c) >= 0
        || Character.getType(c) == Character.NON_SPACING_MARK || c == 0x30fc, () -> "host name holds U+"
        + Integer.toHexString(c)));
  }

  /**
   * The explain query (page and API) on the same text split at {@code &}: refused only with problems at its
   * parameters, shown safely, never with an exception (which would be a 500).
   */
  private static void explainQuery(String text) {
    String[] parts = text.split("&", ExplainQuery.FIELDS.size());
    Map<String, String> raw = new LinkedHashMap<>();
    for (int i = 0; i < parts.length; i++) {
      raw.put(ExplainQuery.FIELDS.get(i), parts[i]);
    }
    Config c = WebTestBase.lan();
    ExplainQuery.Answer a = ExplainQuery.run(() -> c, () -> java.util.Optional.empty(), raw::get);
    for (Problem p : a.problems()) {
      assertTrue(ExplainQuery.FIELDS.contains(p.path()), p::toString);
      FuzzChecks.assertShownSafely(p);
    }
    if (a.problems().isEmpty()) {
      assertEquals(ExplainQuery.DRAFT.equals(a.target()), a.explanation() != null, "nothing is applied here");
    }
    // Against the draft the same fields are either explained or refused at a field.
    raw.put("config", "draft");
    ExplainQuery.Answer d = ExplainQuery.run(() -> c, () -> java.util.Optional.empty(), raw::get);
    assertEquals(d.problems().isEmpty(), d.explanation() != null, d::toString);
    d.problems().forEach(p -> assertTrue(ExplainQuery.FIELDS.contains(p.path()), p::toString));
  }

  private static void flowFilter(String text) {
    String[] parts = text.split("&", FlowFilter.FIELDS.size());
    Map<String, String> raw = new LinkedHashMap<>();
    for (int i = 0; i < parts.length; i++) {
      raw.put(FlowFilter.FIELDS.get(i), parts[i]);
    }
    FlowFilter filter = FlowFilter.of(raw);
    Form form = filter.form();
    if (form.hasErrors()) {
      assertNull(filter.query(), "an invalid filter shows nothing, never everything");
      form.errors().values().forEach(m -> FuzzChecks.assertShownSafely(new Problem("", m)));
    } else {
      FlowQuery q = filter.query();
      assertNotNull(q);
      assertTrue(filter.limit() >= 1 && filter.limit() <= FlowQuery.MAX_LIMIT);
      // The stream URL and links carry the filter: encoded, so nothing of it is read as markup or a new field.
      assertTrue(filter.queryString().matches("[A-Za-z0-9=&%._*+-]*"), filter::queryString);
      assertEquals(filter.queryString(), FlowFilter.of(decode(filter.queryString())).queryString(),
          "the links carry the same filter");
    }
  }

  private static Map<String, String> decode(String qs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : qs.split("&")) {
      if (!kv.isEmpty()) {
        int eq = kv.indexOf('=');
        out.put(kv.substring(0, eq), java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
