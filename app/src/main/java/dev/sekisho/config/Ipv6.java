package dev.sekisho.config;

/**
 * An IPv6 address, parsed strictly from RFC 4291 text (eight groups of one to four hex digits, at most one
 * {@code ::}; no zone index, no embedded IPv4 form, no brackets) and always rendered in the one canonical
 * form of RFC 5952 (lower case, leading zeros dropped, the longest run of two or more zero groups written
 * as {@code ::}), so that no user text ever reaches the ruleset.
 *
 * @param hi the first 64 bits
 * @param lo the last 64 bits
 */
public record Ipv6(long hi, long lo) implements IpAddr, Comparable<Ipv6> {
  /** The longest text accepted: eight groups of four digits and seven colons. */
  static final int MAX_TEXT = 39;

  /** Parses the text form; throws {@link ParseException} with a message fit for the admin. */
  public static Ipv6 parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ParseException("problem.ipv6.required");
    }
    String s = text.strip();
    if (s.length() > MAX_TEXT || s.indexOf('%') >= 0 || s.indexOf('.') >= 0) {
      throw new ParseException("problem.ipv6.syntax", Texts.shown(s));
    }
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      throw new ParseException("problem.ipv6.syntax", Texts.shown(s));
    }
    int[] head = groups(s, gap < 0 ? s : s.substring(0, gap));
    int[] tail = gap < 0 ? new int[0] : groups(s, s.substring(gap + 2));
    int n = head.length + tail.length;
    if (gap < 0 ? n != 8 : n > 7) {
      throw new ParseException("problem.ipv6.syntax", Texts.shown(s));
    }
    int[] all = new int[8];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, 8 - tail.length, tail.length);
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 4; i++) {
      hi = (hi << 16) | all[i];
      lo = (lo << 16) | all[i + 4];
    }
    return new Ipv6(hi, lo);
  }

  /** The groups of one side of a {@code ::}, or of the whole text; empty text has none. */
  private static int[] groups(String whole, String part) {
    if (part.isEmpty()) {
      return new int[0];
    }
    String[] g = part.split(":", -1);
    int[] out = new int[g.length];
    for (int i = 0; i < g.length; i++) {
      String x = g[i];
      if (x.isEmpty() || x.length() > 4) {
        throw new ParseException("problem.ipv6.syntax", Texts.shown(whole));
      }
      int v = 0;
      for (int k = 0; k < x.length(); k++) {
        char c = x.charAt(k);
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) {
          throw new ParseException("problem.ipv6.syntax", Texts.shown(whole));
        }
        v = (v << 4) | d;
      }
      out[i] = v;
    }
    return out;
  }

  /** Group {@code i} (0 to 7) as a number 0 to 65535. */
  int group(int i) {
    long w = i < 4 ? hi : lo;
    return (int) ((w >>> (16 * (3 - (i % 4)))) & 0xffff);
  }

  /** True for addresses that are never a LAN host's global source: unspecified, loopback, multicast, link-local. */
  public boolean isSpecial() {
    int g0 = group(0);
    return (hi == 0 && (lo == 0 || lo == 1)) || (g0 & 0xff00) == 0xff00 || (g0 & 0xffc0) == 0xfe80;
  }

  @Override
  public boolean ipv6() {
    return true;
  }

  @Override
  public int compareTo(Ipv6 o) {
    int c = Long.compareUnsigned(hi, o.hi);
    return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
  }

  @Override
  public String toString() {
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (group(i) != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && group(j) == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder b = new StringBuilder(MAX_TEXT);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        b.append("::");
        i += bestLen - 1;
        continue;
      }
      if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
        b.append(':');
      }
      b.append(Integer.toHexString(group(i)));
    }
    return b.toString();
  }
}
