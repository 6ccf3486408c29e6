package dev.sekisho.lab;

/** The LAN hosts of the standard lab topology, each in its own namespace behind the switch. */
public enum LabHost {
  /** Known device in the appliance inventory. */
  LAPTOP("laptop", "192.168.77.10", "02:5e:6b:00:01:0a", true),
  /** Known device in the appliance inventory. */
  TABLET("tablet", "192.168.77.11", "02:5e:6b:00:01:0b", true),
  /** Known device in the appliance inventory. */
  PRINTER("printer", "192.168.77.12", "02:5e:6b:00:01:0c", true),
  /** Deliberately unknown to the appliance, to exercise "new device" handling. */
  GUEST("guest", "192.168.77.50", "02:5e:6b:00:01:32", false);

  private final String role;
  private final String ip;
  private final String mac;
  private final boolean inInventory;

  LabHost(String role, String ip, String mac, boolean inInventory) {
    this.role = role;
    this.ip = ip;
    this.mac = mac;
    this.inInventory = inInventory;
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
