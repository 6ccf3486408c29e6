package dev.sekisho.config;

import dev.sekisho.i18n.Message;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A named list of IPv4 and IPv6 addresses and networks ("office VPN", "update servers", a block list): a rule
 * whose destination is the list matches a destination inside any entry of the packet's family. The compiler
 * turns each family's entries into one interval set, so a list of 100,000 entries is still one lookup.
 *
 * @param id stable identifier; rules refer to the list by it
 * @param name display name (validated like a host's name)
 * @param entries the networks, in the order given, without duplicates
 * @param domains domain names (exact, or {@code *.name} for a name and its subdomains), without duplicates: a
 *     rule naming the list also matches the addresses the gateway's DNS forwarder learned for them, in a set of
 *     the rule's own as for a rule's domain
 */
public record AddressList(long id, String name, List<Network> entries, List<DomainName> domains) {
  /** At most this many domain names. */
  public static final int MAX_DOMAINS = 1_000;
  /** At most this many entries. */
  public static final int MAX_ENTRIES = 200_000;
  /** The longest line {@link #parseEntries} reads (an address, a prefix and a comment). */
  public static final int MAX_LINE = 200;

  /** Checks the fields. */
  public AddressList {
    if (id <= 0) {
      throw new ParseException("problem.object.id_positive");
    }
    name = Names.hostName(name);
    if (entries.size() > MAX_ENTRIES) {
      throw new ParseException("problem.list.too_many", MAX_ENTRIES);
    }
    entries = entries.stream().distinct().toList();
    domains = domains == null ? List.of() : domains.stream().distinct().toList();
    if (domains.size() > MAX_DOMAINS) {
      throw new ParseException("problem.list.too_many_domains", MAX_DOMAINS);
    }
  }

  /** A list of networks only. */
  public AddressList(long id, String name, List<Network> entries) {
    this(id, name, entries, List.of());
  }

  /** The networks, then the domain names, as text: what a form, the JSON and the database hold. */
  public List<String> texts() {
    List<String> out = new ArrayList<>();
    entries.forEach(e -> out.add(e.toString()));
    domains.forEach(d -> out.add(d.toString()));
    return out;
  }

  /**
   * One entry: a network (an address or a prefix), else a domain name ({@code example.org}, {@code
   * *.example.org}) when it has a letter and a dot, so that a mistyped address is reported as an address.
   *
   * @return a {@link Network} or a {@link DomainName}
   */
  public static Object parseEntry(String text) {
    try {
      return Network.parse(text);
    } catch (ParseException e) {
      // a name has a letter and at least two labels; anything else stays an address problem ("nonsense")
      if (text.chars().anyMatch(Character::isLetter) && text.indexOf('.') > 0 && text.indexOf(':') < 0
          && text.indexOf('/') < 0) {
        return DomainName.parse(text);
      }
      throw e;
    }
  }

  /** A list of the entries {@link #parseEntry} read, networks and names split. */
  public static AddressList of(long id, String name, List<?> parsed) {
    return new AddressList(id, name, parsed.stream().filter(Network.class::isInstance).map(Network.class::cast)
        .toList(), parsed.stream().filter(DomainName.class::isInstance).map(DomainName.class::cast).toList());
  }

  /** The entries of one family. */
  public List<Network> entries(boolean ipv6) {
    return entries.stream().filter(e -> e.ipv6() == ipv6).toList();
  }

  /**
   * The entries of one family without those inside another entry, sorted: what the kernel's interval set
   * holds (it refuses overlapping elements, and for networks an overlap is always a containment).
   */
  public List<Network> merged(boolean ipv6) {
    List<Network> sorted = new ArrayList<>(entries(ipv6));
    // widest first within the same start, so a contained entry always comes after its container
    sorted.sort(Comparator.comparing((Network n) -> start(n)).thenComparingInt(Network::prefix));
    List<Network> out = new ArrayList<>();
    for (Network n : sorted) {
      if (!out.isEmpty() && out.get(out.size() - 1).overlaps(n)) {
        continue;
      }
      out.add(n);
    }
    return out;
  }

  private static java.math.BigInteger start(Network n) {
    if (n instanceof Cidr c) {
      return java.math.BigInteger.valueOf(c.first());
    }
    Ipv6 a = ((Cidr6) n).network();
    return new java.math.BigInteger(Long.toUnsignedString(a.hi())).shiftLeft(64)
        .or(new java.math.BigInteger(Long.toUnsignedString(a.lo())));
  }

  /** What {@link #parseEntries} read: the networks and the domain names, or the problems by line. */
  public record Parsed(List<Network> entries, List<Problem> problems, List<DomainName> domains) {
    /** Copies the lists. */
    public Parsed {
      entries = List.copyOf(entries);
      problems = List.copyOf(problems);
      domains = List.copyOf(domains);
    }

    /** Networks only. */
    public Parsed(List<Network> entries, List<Problem> problems) {
      this(entries, problems, List.of());
    }
  }

  /**
   * Reads entries as pasted or uploaded (addresses, networks and domain names, see {@link #parseEntry}): one per
   * line, commas and spaces also separate, {@code #} starts a
   * comment, blank lines are skipped. Each bad entry is a problem at {@code path} naming its line number (at
   * most 20 are reported, then the count).
   */
  public static Parsed parseEntries(String text, String path) {
    List<Network> out = new ArrayList<>();
    List<DomainName> names = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    if (text == null) {
      return new Parsed(out, problems);
    }
    String[] lines = text.split("\r?\n|\r", -1);
    int bad = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash);
      }
      if (line.length() > MAX_LINE) {
        bad++;
        if (bad <= 20) {
          problems.add(Problem.of(path, "problem.list.line", i + 1, Message.of("problem.list.line_long", MAX_LINE)));
        }
        continue;
      }
      for (String part : line.strip().split("[\\s,]+")) {
        if (part.isEmpty()) {
          continue;
        }
        try {
          Object entry = parseEntry(part);
          if (entry instanceof Network n) {
            out.add(n);
          } else {
            names.add((DomainName) entry);
          }
        } catch (ParseException e) {
          bad++;
          if (bad <= 20) {
            problems.add(Problem.of(path, "problem.list.line", i + 1, e.text()));
          }
        }
      }
      if (out.size() > MAX_ENTRIES) {
        problems.add(Problem.of(path, "problem.list.too_many", MAX_ENTRIES));
        return new Parsed(List.of(), problems);
      }
    }
    if (bad > 20) {
      problems.add(Problem.of(path, "problem.list.more_bad", bad - 20));
    }
    if (names.stream().distinct().count() > MAX_DOMAINS) {
      problems.add(Problem.of(path, "problem.list.too_many_domains", MAX_DOMAINS));
      return new Parsed(List.of(), problems);
    }
    return new Parsed(out, problems, names);
  }
}
