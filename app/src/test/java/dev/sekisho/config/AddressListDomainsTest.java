package dev.sekisho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Address lists with domain names: how entries are read, kept apart and written back. */
class AddressListDomainsTest {
  @Test
  void addressesNetworksAndNamesAreReadApartAndWrittenBackInOrder() {
    AddressList.Parsed p = AddressList.parseEntries("203.0.113.0/25\n*.example.org, learn.example.net # school\n"
        + "2001:db8:113::/48\nlearn.example.net", "entries");
    assertEquals(List.of(), p.problems());
    assertEquals(List.of(Network.parse("203.0.113.0/25"), Network.parse("2001:db8:113::/48")), p.entries());
    assertEquals(List.of(DomainName.parse("*.example.org"), DomainName.parse("learn.example.net"),
        DomainName.parse("learn.example.net")), p.domains());
    AddressList l = new AddressList(1, "school", p.entries(), p.domains());
    assertEquals(List.of("203.0.113.0/25", "2001:db8:113::/48", "*.example.org", "learn.example.net"), l.texts(),
        "networks first, then names, without duplicates");
    assertEquals(l, AddressList.of(1, "school", l.texts().stream().map(AddressList::parseEntry).toList()));
  }

  @Test
  void badEntriesAreProblemsAtTheirLineAndAMistypedAddressStaysAnAddressProblem() {
    AddressList.Parsed p = AddressList.parseEntries("exa_mple..org\n203.0.113.300\n-bad-.example.org", "entries");
    assertEquals(3, p.problems().size(), p.problems().toString());
    assertTrue(p.problems().get(1).toString().contains("300"), p.problems().toString());
    assertThrows(ParseException.class, () -> AddressList.parseEntry("203.0.113.300"));
    assertTrue(AddressList.parseEntry("example.org") instanceof DomainName);
    assertTrue(AddressList.parseEntry("192.0.2.1") instanceof Network);
  }

  @Test
  void aRulesDomainsAreItsOwnOrItsListsNames() {
    AddressList l = new AddressList(100, "names", List.of(Network.parse("192.0.2.0/24")),
        List.of(DomainName.parse("*.example.org")));
    Config c = TestConfigs.small().withAddressLists(List.of(l));
    Rule byList = new Rule(1, null, null, Protocol.ANY, null, Action.DENY, false, Comment.NONE, true)
        .withObjects(null, 100L, null);
    assertEquals(List.of(DomainName.parse("*.example.org")), c.domainsOf(byList));
    Rule plain = new Rule(2, null, Network.parse("192.0.2.1"), Protocol.ANY, null, Action.DENY, false, Comment.NONE,
        true);
    assertEquals(List.of(), c.domainsOf(plain));
  }
}
