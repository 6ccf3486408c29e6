package dev.sekisho.lab;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standard Sekisho test topology built from network namespaces:
 *
 * <pre>
 *  laptop/tablet/printer/guest (eth0) ── sw:br0 ── (lan0) gw (wan0) ── (eth0) net (dummy0)
 *        192.168.77.10/11/12/50            switch   .77.1    198.51.100.2  .100.1  203.0.113.10/.20
 *        2001:db8:77::10/11/12/50                   ::1      2001:db8:100::2 ::1   2001:db8:113::10/::20
 *                                                                           net (far0) ── (eth0) far
 *                                                                  2001:db8:ff::1, MTU 1280   2001:db8:ff::10
 * </pre>
 *
 * <p>The lab is dual-stack with static addresses from the documentation prefix 2001:db8::/32: the LAN prefix
 * is routed to the gateway (no NAT66, as an ISP routes a delegated prefix), and {@code far} sits behind a link
 * with a smaller MTU so that real "packet too big" errors come back through the gateway.
 *
 * <p>{@code gw} forwards IPv4 but has no nftables rules; the appliance under test applies its own
 * via {@code ip netns exec <gwNamespaceName()> nft ...}. {@code net} has no route back to the LAN,
 * so without masquerade LAN traffic gets no answers, as on the real internet. Test servers in
 * {@code net} answer every TCP connection / UDP datagram with a {@code SEKISHO-LAB} line naming
 * the source address they saw.
 *
 * <p>Everything is created directly inside lab namespaces; the machine's own namespace is never
 * changed. {@link #close()} (also run from a shutdown hook) removes all of it.
 */
public final class LabNetwork implements AutoCloseable {

  /** Role of the gateway namespace (the appliance's network stack). */
  public static final String ROLE_GW = "gw";
  /** Role of the LAN switch namespace (bridge {@link #SWITCH_BRIDGE}). */
  public static final String ROLE_SWITCH = "sw";
  /** Role of the "internet" namespace. */
  public static final String ROLE_NET = "net";

  /** LAN IPv6 prefix. */
  public static final String LAN_CIDR6 = "2001:db8:77::/64";
  /** Gateway LAN IPv6 address. */
  public static final String GW_LAN_IP6 = "2001:db8:77::1";
  /** Gateway WAN IPv6 address. */
  public static final String GW_WAN_IP6 = "2001:db8:100::2";
  /** The upstream router's IPv6 address in {@code net}. */
  public static final String UPSTREAM_IP6 = "2001:db8:100::1";
  /** First "internet" server IPv6 address. */
  public static final String INTERNET_IP6_1 = "2001:db8:113::10";
  /** Second "internet" server IPv6 address. */
  public static final String INTERNET_IP6_2 = "2001:db8:113::20";
  /** Role of the namespace behind the small-MTU link. */
  public static final String ROLE_FAR = "far";
  /** The server address in {@code far}. */
  public static final String FAR_IP6 = "2001:db8:ff::10";
  /** The MTU of the link between {@code net} and {@code far} (the IPv6 minimum). */
  public static final int FAR_MTU = 1280;

  /** LAN subnet. */
  public static final String LAN_CIDR = "192.168.77.0/24";
  /** Gateway LAN interface name. */
  public static final String GW_LAN_IF = "lan0";
  /** Gateway LAN address. */
  public static final String GW_LAN_IP = "192.168.77.1";
  /** Gateway LAN MAC address. */
  public static final String GW_LAN_MAC = "02:5e:6b:00:00:01";
  /** Gateway WAN interface name. */
  public static final String GW_WAN_IF = "wan0";
  /** Gateway WAN address (what masqueraded traffic appears to come from). */
  public static final String GW_WAN_IP = "198.51.100.2";
  /** Gateway WAN MAC address. */
  public static final String GW_WAN_MAC = "02:5e:6b:00:00:02";
  /** WAN transfer subnet. */
  public static final String WAN_CIDR = "198.51.100.0/24";
  /** The upstream router in {@code net}, the gateway's default route. */
  public static final String UPSTREAM_IP = "198.51.100.1";
  /** Interface name of every LAN host and of {@code net}'s uplink. */
  public static final String HOST_IF = "eth0";
  /** Bridge in the switch namespace. */
  public static final String SWITCH_BRIDGE = "br0";
  /**
   * Interface in {@code net} carrying the internet server addresses; a port-less bridge acting as
   * a dummy interface.
   */
  public static final String NET_DUMMY_IF = "dummy0";
  /** First "internet" server address. */
  public static final String INTERNET_IP_1 = "203.0.113.10";
  /** Second "internet" server address. */
  public static final String INTERNET_IP_2 = "203.0.113.20";
  /** TCP ports served in {@code net} (bound to ::, both families). */
  public static final List<Integer> TCP_SERVER_PORTS = List.of(22, 80, 443, 40000);
  /** UDP ports served in {@code net} on {@link #INTERNET_IP_1}, {@link #INTERNET_IP_2}, {@link #UPSTREAM_IP}. */
  public static final List<Integer> UDP_SERVER_PORTS = List.of(53, 40000);
  /** Every line from a lab server starts with this. */
  public static final String SERVER_LINE_PREFIX = LabServers.LINE_PREFIX;

  private static final Logger LOG = LoggerFactory.getLogger(LabNetwork.class);
  private static final Duration PING_TIMEOUT = Duration.ofSeconds(1);

  private final String prefix;
  private final Map<String, Netns> namespaces = Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<LoopbackForwarder> forwarders = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile LabServers servers;
  private volatile TrafficGenerator traffic;

  private LabNetwork(String prefix) {
    this.prefix = prefix;
  }

  /**
   * Deletes leftovers of crashed runs, then builds the topology and starts the test servers.
   * On failure everything created so far is removed again.
   */
  public static LabNetwork create() {
    if (!NetnsSupport.canUseNetns()) {
      throw new LabException(NetnsSupport.SKIP_MESSAGE);
    }
    NetnsSupport.deleteStaleNamespaces();
    LabNetwork lab = new LabNetwork(NetnsSupport.newPrefix());
    // Registered first so that a Ctrl-C during the build still tears everything down.
    NetnsSupport.closeAtShutdown(lab);
    try {
      long t0 = System.nanoTime();
      lab.build();
      LOG.info("lab {} built in {} ms", lab.prefix, (System.nanoTime() - t0) / 1_000_000);
      return lab;
    } catch (Exception e) {
      lab.close();
      throw e instanceof LabException le ? le : new LabException("building lab failed", e);
    }
  }

  private void build() throws Exception {
    List<String> roles = new ArrayList<>(List.of(ROLE_GW, ROLE_SWITCH, ROLE_NET, ROLE_FAR));
    for (LabHost h : LabHost.values()) {
      roles.add(h.role());
    }
    for (String role : roles) {
      namespaces.put(role, Netns.create(prefix + role));
    }
    String sw = namespaceName(ROLE_SWITCH);
    Netns swNs = namespace(ROLE_SWITCH);
    Netns gw = namespace(ROLE_GW);
    Netns net = namespace(ROLE_NET);

    // The switch: a plain bridge without STP so ports forward immediately.
    swNs.ip("link", "add", SWITCH_BRIDGE, "type", "bridge", "stp_state", "0");
    swNs.ip("link", "set", SWITCH_BRIDGE, "up");

    // Gateway: veths are created inside gw with the peer placed straight into sw/net.
    gw.ip("link", "add", GW_LAN_IF, "address", GW_LAN_MAC, "type", "veth",
        "peer", "name", ROLE_GW, "netns", sw);
    gw.ip("link", "add", GW_WAN_IF, "address", GW_WAN_MAC, "type", "veth",
        "peer", "name", HOST_IF, "netns", namespaceName(ROLE_NET));
    gw.ip("addr", "add", GW_LAN_IP + "/24", "dev", GW_LAN_IF);
    gw.ip("addr", "add", GW_WAN_IP + "/24", "dev", GW_WAN_IF);
    gw.ip("link", "set", GW_LAN_IF, "up");
    gw.ip("link", "set", GW_WAN_IF, "up");
    gw.ip("route", "add", "default", "via", UPSTREAM_IP);
    gw.exec("sysctl", "-q", "-w", "net.ipv4.ip_forward=1").requireOk();
    // IPv6: static addresses without duplicate address detection (nothing else is on these links), forwarding on;
    // Sekisho's ruleset decides what is forwarded (without an IPv6 prefix in the configuration: nothing).
    gw.exec("sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1").requireOk();
    gw.ip("-6", "addr", "add", GW_LAN_IP6 + "/64", "dev", GW_LAN_IF, "nodad");
    gw.ip("-6", "addr", "add", GW_WAN_IP6 + "/64", "dev", GW_WAN_IF, "nodad");
    gw.ip("-6", "route", "add", "default", "via", UPSTREAM_IP6);

    // Internet: uplink plus server addresses; deliberately no route to the LAN.
    net.ip("addr", "add", UPSTREAM_IP + "/24", "dev", HOST_IF);
    net.ip("link", "set", HOST_IF, "up");
    // A port-less bridge stands in for a dummy interface: the dummy driver is not in every kernel
    // (it is missing on the machine the lab was written on); bridges are needed for sw anyway.
    net.ip("link", "add", NET_DUMMY_IF, "type", "bridge");
    net.ip("addr", "add", INTERNET_IP_1 + "/24", "dev", NET_DUMMY_IF);
    net.ip("addr", "add", INTERNET_IP_2 + "/24", "dev", NET_DUMMY_IF);
    net.ip("link", "set", NET_DUMMY_IF, "up");
    net.ip("-6", "addr", "add", UPSTREAM_IP6 + "/64", "dev", HOST_IF, "nodad");
    net.ip("-6", "addr", "add", INTERNET_IP6_1 + "/64", "dev", NET_DUMMY_IF, "nodad");
    net.ip("-6", "addr", "add", INTERNET_IP6_2 + "/64", "dev", NET_DUMMY_IF, "nodad");
    // the LAN prefix is routed to the gateway, as an ISP routes a customer's prefix: no NAT66
    net.ip("-6", "route", "add", LAN_CIDR6, "via", GW_WAN_IP6);
    net.exec("sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1").requireOk();

    // far: one more hop behind a link whose MTU is smaller on net's side, so net answers a LAN host's large
    // packets with ICMPv6 "packet too big", which must come back through the gateway.
    Netns far = namespace(ROLE_FAR);
    net.ip("link", "add", "far0", "type", "veth", "peer", "name", HOST_IF, "netns", namespaceName(ROLE_FAR));
    net.ip("link", "set", "far0", "mtu", String.valueOf(FAR_MTU));
    net.ip("-6", "addr", "add", "2001:db8:ff::1/64", "dev", "far0", "nodad");
    net.ip("link", "set", "far0", "up");
    far.ip("link", "set", "lo", "up");
    far.ip("-6", "addr", "add", FAR_IP6 + "/64", "dev", HOST_IF, "nodad");
    far.ip("link", "set", HOST_IF, "up");
    far.ip("-6", "route", "add", "default", "via", "2001:db8:ff::1");

    for (LabHost h : LabHost.values()) {
      Netns hn = namespace(h.role());
      hn.ip("link", "add", HOST_IF, "address", h.mac(), "type", "veth",
          "peer", "name", h.role(), "netns", sw);
      hn.ip("addr", "add", h.ip() + "/24", "dev", HOST_IF);
      hn.ip("-6", "addr", "add", h.ip6() + "/64", "dev", HOST_IF, "nodad");
      hn.ip("link", "set", HOST_IF, "up");
      hn.ip("route", "add", "default", "via", GW_LAN_IP);
      hn.ip("-6", "route", "add", "default", "via", GW_LAN_IP6);
    }
    List<String> ports = new ArrayList<>();
    ports.add(ROLE_GW);
    for (LabHost h : LabHost.values()) {
      ports.add(h.role());
    }
    for (String port : ports) {
      swNs.ip("link", "set", port, "master", SWITCH_BRIDGE, "up");
    }

    servers = LabServers.start(net, TCP_SERVER_PORTS, UDP_SERVER_PORTS,
        List.of(INTERNET_IP_1, INTERNET_IP_2, UPSTREAM_IP, INTERNET_IP6_1, INTERNET_IP6_2));
  }

  /** The {@code sk<pid>x<seq>-} prefix shared by this lab's namespaces. */
  public String prefix() {
    return prefix;
  }

  /** Role names: gw, sw, net and the LAN host roles. */
  public List<String> roles() {
    synchronized (namespaces) {
      return List.copyOf(namespaces.keySet());
    }
  }

  /** All namespace names of this lab. */
  public List<String> namespaceNames() {
    return roles().stream().map(this::namespaceName).toList();
  }

  /** Namespace name for a role, e.g. {@code sk1234x1-gw}. */
  public String namespaceName(String role) {
    return namespace(role).name();
  }

  /** Name of the gateway namespace, for {@code ip netns exec <name> nft ...}. */
  public String gwNamespaceName() {
    return namespaceName(ROLE_GW);
  }

  /** The namespace object for a role (gw, sw, net, laptop, tablet, printer, guest). */
  public Netns namespace(String role) {
    Netns ns = namespaces.get(role);
    if (ns == null) {
      throw new IllegalArgumentException("unknown lab role: " + role);
    }
    return ns;
  }

  /** Runs {@code ip netns exec <ns of role> cmd...} with the default timeout. */
  public ExecResult exec(String role, String... cmd) {
    return namespace(role).exec(cmd);
  }

  /** Like {@link #exec} with text on standard input, e.g. a ruleset for {@code nft -f -}. */
  public ExecResult execWithInput(String role, String stdin, String... cmd) {
    return namespace(role).execWithInput(stdin, NetnsSupport.DEFAULT_TIMEOUT, cmd);
  }

  /**
   * Runs {@code task} on the gateway namespace's thread, e.g. to start the admin panel's web
   * server so its listening socket lives in gw. Threads the task starts inherit the gw namespace.
   */
  public <T> T inGateway(Callable<T> task) throws Exception {
    return namespace(ROLE_GW).call(task);
  }

  /** Runs {@code task} on the namespace thread of any role. */
  public <T> T in(String role, Callable<T> task) throws Exception {
    return namespace(role).call(task);
  }

  /**
   * TCP probe from {@code role}'s namespace: connect, then read the server's line within the same
   * timeout (a connection whose peer stays silent is CONNECTED with a null line after the timeout;
   * use {@link #tcpConnect} for non-lab servers).
   */
  public ProbeResult tcp(String role, String ip, int port, Duration timeout) {
    return probe(role, () -> Probes.tcp(ip, port, timeout, true));
  }

  /** TCP probe that returns as soon as the handshake completes (no line is read). */
  public ProbeResult tcpConnect(String role, String ip, int port, Duration timeout) {
    return probe(role, () -> Probes.tcp(ip, port, timeout, false));
  }

  /** UDP probe: one datagram out, wait for one datagram back. CONNECTED means a reply arrived. */
  public ProbeResult udp(String role, String ip, int port, byte[] payload, Duration timeout) {
    return probe(role, () -> Probes.udp(ip, port, payload, timeout));
  }

  /** UDP probe with a short text payload. */
  public ProbeResult udp(String role, String ip, int port, Duration timeout) {
    return udp(role, ip, port, "sekisho-probe\n".getBytes(StandardCharsets.US_ASCII), timeout);
  }

  /** One ICMP echo from {@code role} to {@code ip}, waiting at most one second. */
  public boolean ping(String role, String ip) {
    try {
      return namespace(role).call(() -> Probes.ping(ip, PING_TIMEOUT));
    } catch (Exception e) {
      throw new LabException("ping from " + role + " failed to run", e);
    }
  }

  private ProbeResult probe(String role, Callable<ProbeResult> p) {
    try {
      return namespace(role).call(p);
    } catch (Exception e) {
      throw new LabException("probe from " + role + " failed to run", e);
    }
  }

  /**
   * Starts a {@link LoopbackForwarder} from {@code role} to {@code targetIp:targetPort}; it is
   * closed together with the lab.
   */
  public LoopbackForwarder forward(String role, int listenPort, String targetIp, int targetPort) {
    LoopbackForwarder f = LoopbackForwarder.open(listenPort, namespace(role), targetIp, targetPort);
    forwarders.add(f);
    return f;
  }

  /**
   * Starts background traffic: every {@code interval} each LAN host makes one small TCP or UDP
   * exchange with the internet servers. Stops after {@code maxExchanges} or {@code maxDuration},
   * on {@link #stopBackgroundTraffic()} or on close.
   */
  public synchronized void startBackgroundTraffic(Duration interval, int maxExchanges,
      Duration maxDuration) {
    stopBackgroundTraffic();
    traffic = TrafficGenerator.start(this, interval, maxExchanges, maxDuration);
  }

  /** Stops the background traffic if running. */
  public synchronized void stopBackgroundTraffic() {
    TrafficGenerator t = traffic;
    traffic = null;
    if (t != null) {
      t.close();
    }
  }

  /** Exchanges started by the background generator so far (0 if it never ran). */
  public long backgroundExchanges() {
    TrafficGenerator t = traffic;
    return t == null ? 0 : t.started();
  }

  /** TCP connections plus UDP datagrams the internet servers have answered so far. */
  public long serverAnswers() {
    LabServers s = servers;
    return s == null ? 0 : s.answered();
  }

  /**
   * Removes everything: forwarders, traffic, servers, namespace threads, namespaces. Idempotent;
   * keeps going after errors so no namespace is left behind.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (LoopbackForwarder f : forwarders) {
      safely("forwarder", f::close);
    }
    safely("traffic", this::stopBackgroundTraffic);
    LabServers s = servers;
    if (s != null) {
      safely("servers", s::close);
    }
    List<Netns> all;
    synchronized (namespaces) {
      all = new ArrayList<>(namespaces.values());
    }
    Collections.reverse(all);
    for (Netns ns : all) {
      safely("namespace " + ns.name(), ns::close);
    }
    NetnsSupport.closedNormally(this);
  }

  private static void safely(String what, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("closing {} failed", what, e);
    }
  }

  @Override
  public String toString() {
    return "LabNetwork[" + prefix + "]";
  }
}
