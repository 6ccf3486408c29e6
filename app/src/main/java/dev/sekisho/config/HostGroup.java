package dev.sekisho.config;

import java.util.List;

/**
 * A named group of inventory hosts ("kids devices", "cameras"): a rule whose source is the group applies to
 * every member, over IPv4 by address and over IPv6 by MAC, like a rule about each member. A host may be in
 * several groups. Members are host ids, so renaming a host or the group keeps every reference.
 *
 * @param id stable identifier; rules refer to the group by it
 * @param name display name (validated like a host's name: no quotes, semicolons or control characters)
 * @param members host ids, in the order given, without duplicates
 */
public record HostGroup(long id, String name, List<Long> members) {
  /** At most this many members. */
  public static final int MAX_MEMBERS = 10_000;

  /** Checks the fields. */
  public HostGroup {
    if (id <= 0) {
      throw new ParseException("problem.object.id_positive");
    }
    name = Names.hostName(name);
    members = members.stream().distinct().toList();
    if (members.size() > MAX_MEMBERS) {
      throw new ParseException("problem.group.too_many", MAX_MEMBERS);
    }
  }
}
