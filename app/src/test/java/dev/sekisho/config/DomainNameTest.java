package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Domain names of rules: the allow-list, the lengths, the matching of exact names and subdomains. */
class DomainNameTest {
  private static String refused(String text) {
    return assertThrows(ParseException.class, () -> DomainName.parse(text)).code();
  }

  @Test
  void readsExactNamesAndNamesWithSubdomains() {
    DomainName exact = DomainName.parse("Example.ORG.");
    assertEquals("example.org", exact.toString());
    assertFalse(exact.subdomains());
    DomainName sub = DomainName.parse(" *.example.org ");
    assertEquals("*.example.org", sub.toString());
    assertTrue(sub.matches("example.org"));
    assertTrue(sub.matches("a.b.EXAMPLE.org."));
    assertFalse(sub.matches("badexample.org"), "a suffix is not a subdomain");
    assertTrue(exact.matches("example.org"));
    assertFalse(exact.matches("www.example.org"));
    assertEquals("xn--bcher-kva.example", DomainName.parse("xn--bcher-kva.example").name());
  }

  @Test
  void refusesWhatIsNotAName() {
    assertEquals("problem.domain.empty", refused(" "));
    assertEquals("problem.domain.character", refused("exa mple.org"));
    assertEquals("problem.domain.character", refused("bücher.example"));
    assertEquals("problem.domain.character", refused("a.org\n{ 1.2.3.4 }"));
    assertEquals("problem.domain.character", refused("*.*.example.org"));
    assertEquals("problem.domain.character", refused("ex_ample.org"));
    assertEquals("problem.domain.label", refused("a..org"));
    assertEquals("problem.domain.label", refused("a".repeat(64) + ".org"));
    assertEquals("problem.domain.hyphen", refused("-a.org"));
    assertEquals("problem.domain.one_label", refused("localhost"));
    String longName = ("a".repeat(63) + ".").repeat(4) + "org";
    assertEquals("problem.domain.too_long", refused(longName));
    assertEquals(253, DomainName.parse("a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "."
        + "d".repeat(61)).name().length(), "253 characters are allowed");
  }

  @Test
  void aRuleHasOneKindOfDestination() {
    Rule r = new Rule(1, null, null, Protocol.ANY, null, Action.ALLOW, false, Comment.parse(""), true);
    assertEquals("problem.rule.destination_and_domain", assertThrows(ParseException.class, () -> new Rule(1, null,
        Network.parse("10.0.0.0/8"), Protocol.ANY, null, Action.ALLOW, false, Comment.parse(""), true, null, null,
        null, DomainName.parse("example.org"))).code());
    Rule d = r.withDomain(DomainName.parse("example.org"));
    assertEquals("example.org", d.withEnabled(false).destinationDomain().toString(), "kept when switched off");
  }
}
