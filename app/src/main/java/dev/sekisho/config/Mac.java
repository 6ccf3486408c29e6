package dev.sekisho.config;


/** An Ethernet unicast MAC address, accepted with ':' or '-' separators and rendered lower-case with ':'. */
public record Mac(long value) implements Comparable<Mac> {

  /** Checks that the value fits 48 bits and is a usable unicast address. */
  public Mac {
    if (value < 0 || value > 0xffff_ffff_ffffL) {
      throw new ParseException("problem.mac.range");
    }
    if (value == 0) {
      throw new ParseException("problem.mac.zero");
    }
    if (((value >>> 40) & 1) == 1) {
      throw new ParseException("problem.mac.group", format(value));
    }
  }

  /** Parses {@code aa:bb:cc:dd:ee:ff} (or with '-'). */
  public static Mac parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ParseException("problem.mac.required");
    }
    String s = text.strip();
    String[] parts = s.split("[:-]", -1);
    if (parts.length != 6 || s.contains(":") && s.contains("-")) {
      throw new ParseException("problem.mac.syntax", Texts.shown(s));
    }
    long v = 0;
    for (String p : parts) {
      // ASCII only: Character.digit would also read fullwidth and other scripts' digits.
      if (p.length() != 2 || !p.chars().allMatch(c -> c < 0x80 && Character.digit(c, 16) >= 0)) {
        throw new ParseException("problem.mac.syntax", Texts.shown(s));
      }
      v = (v << 8) | Integer.parseInt(p, 16);
    }
    return new Mac(v);
  }

  /** A 48-bit MAC value as {@code aa:bb:cc:dd:ee:ff}; also used for MACs seen on the wire. */
  public static String format(long v) {
    StringBuilder b = new StringBuilder(17);
    for (int i = 5; i >= 0; i--) {
      int octet = (int) (v >>> (8 * i)) & 0xff;
      b.append(Character.forDigit(octet >>> 4, 16)).append(Character.forDigit(octet & 15, 16));
      if (i > 0) {
        b.append(':');
      }
    }
    return b.toString();
  }

  @Override
  public int compareTo(Mac o) {
    return Long.compare(value, o.value);
  }

  @Override
  public String toString() {
    return format(value);
  }
}
