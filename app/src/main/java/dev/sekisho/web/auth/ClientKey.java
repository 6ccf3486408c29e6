package dev.sekisho.web.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The unit a client is throttled by: an IPv4 address as is, an IPv6 address by its /64 prefix. One IPv6
 * host usually owns a whole /64 (SLAAC, privacy addresses), so counting single IPv6 addresses would give it
 * 2^64 fresh tries.
 */
public final class ClientKey {
  private ClientKey() {}

  /** The throttling key for a remote address as the server reports it (a literal, never a name). */
  public static String of(String address) {
    if (address == null || address.isEmpty()) {
      return "unknown";
    }
    String a = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
        : address;
    int zone = a.indexOf('%');
    if (zone >= 0) {
      a = a.substring(0, zone);
    }
    if (!a.contains(":")) {
      return a;
    }
    try {
      // A literal with ':' is parsed without any name lookup.
      byte[] b = InetAddress.getByName(a).getAddress();
      if (b.length == 4) {
        return InetAddress.getByAddress(b).getHostAddress(); // ::ffff:a.b.c.d is the IPv4 client
      }
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        s.append(String.format(Locale.ROOT, "%02x%02x:", b[i], b[i + 1]));
      }
      return s.append(":/64").toString();
    } catch (UnknownHostException e) {
      return a.toLowerCase(Locale.ROOT);
    }
  }
}
