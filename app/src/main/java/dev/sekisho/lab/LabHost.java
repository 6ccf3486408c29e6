package dev.sekisho.lab;

/** The LAN hosts of the standard lab topology, each in its own namespace behind the switch. */
public enum LabHost {
  /** Known device in the appliance inventory. */
  LAPTOP("laptop", "192.168.77.10", "02:5e:6b:00:01:0a", true, "2001:db8:77::10"),
  /** Known device in the appliance inventory. */
  TABLET("tablet", "192.168.77.11", "02:5e:6b:00:01:0b", true, "2001:db8:77::11"),
  /** Known device in the appliance inventory. */
  PRINTER("printer", "192.168.77.12", "02:5e:6b:00:01:0c", true, "2001:db8:77::12"),
  /** Deliberately unknown to the appliance, to exercise "new device" handling. */
  GUEST("guest", "192.168.77.50", "02:5e:6b:00:01:32", false, "2001:db8:77::50");

  private final String role;
  private final String ip;
  private final String mac;
  private final boolean inInventory;
  private final String ip6;

  LabHost(String role, String ip, String mac, boolean inInventory, String ip6) {
    this.role = role;
    this.ip = ip;
    this.mac = mac;
    this.inInventory = inInventory;
    this.ip6 = ip6;
  }

  /** IPv6 address of the host's {@code eth0}, in {@link LabNetwork#LAN_CIDR6}. */
  public String ip6() {
    return ip6;
  }

  /** Role name used in lab method calls and as namespace suffix, e.g. {@code laptop}. */
  public String role() {
    return role;
  }

  /** IPv4 address of the host's {@code eth0}. */
  public String ip() {
    return ip;
  }

  /** Fixed MAC address of the host's {@code eth0}. */
  public String mac() {
    return mac;
  }

  /** Whether the appliance's seeded inventory is expected to know this host. */
  public boolean inInventory() {
    return inInventory;
  }

  /** Looks a host up by role name. */
  public static LabHost byRole(String role) {
    for (LabHost h : values()) {
      if (h.role.equals(role)) {
        return h;
      }
    }
    throw new IllegalArgumentException("no LAN host with role " + role);
  }
}
