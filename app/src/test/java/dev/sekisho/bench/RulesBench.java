package dev.sekisho.bench;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.apply.AppliedStateStore;
import dev.sekisho.apply.Applier;
import dev.sekisho.apply.ApplyOutcome;
import dev.sekisho.apply.ProcessNft;
import dev.sekisho.config.Action;
import dev.sekisho.config.Cidr;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.Host;
import dev.sekisho.config.InterfaceAddress;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Mac;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Policy;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Role;
import dev.sekisho.config.Rule;
import dev.sekisho.config.Settings;
import dev.sekisho.lab.LabHost;
import dev.sekisho.lab.LabNetwork;
import dev.sekisho.ruleset.Compilation;
import dev.sekisho.ruleset.RulesetCompiler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Rules benchmark (issue 11, part 1; not a test): how much a large rule list costs new connections, how long
 * a full apply takes, and how the compiler scales.
 *
 * <p>Builds one lab ({@link LabNetwork}: gateway, switch, LAN hosts, internet; all its own namespaces, removed
 * afterwards) per ruleset, so that every ruleset stays loaded and the connection rates can be measured
 * interleaved, batch by batch, on the same shared machine:
 * <ul>
 *   <li>no rules, LAN default allow (the reference);
 *   <li><b>uniform</b> N: N hosts with one "allow tcp 8443" each, LAN default deny;
 *   <li><b>blocks</b> N: N/3 hosts, each "allow tcp 8443 / allow udp 53 to 192.0.2.53 / deny any";
 *   <li>with {@code --lists M} (issue 12): <b>list</b> M, one all-hosts reject rule to an address list of M
 *       addresses, and <b>addresses</b> M, the same as M single-address rules; both end with "deny tcp 80".
 * </ul>
 * The laptop's rules always come last. Each gateway first gets its ruleset through the production
 * {@link Applier} (compile + {@code nft -c} + {@code nft -f}, timed in this JVM after a warm-up, median of 3),
 * and is proven in force over a new connection (the laptop's 8443 works, its port 80 only without rules).
 * Then, for {@code --seconds} (at most 10,000 rounds), each round runs {@code --batch} sequential connects
 * from the laptop to 203.0.113.30:8443 through each gateway in turn (sockets are closed with a reset, so no
 * TIME_WAIT piles up; the server only accepts and closes, backlog 4096) and takes each gateway's rate as a
 * ratio to the no-rule gateway's in the same round; the table shows the median ratio and its 10th-90th
 * percentiles. Port 8443 because the lab's own servers hold 443. Before that, the compiler alone (validate
 * + compile) at 1k/10k/50k/100k rules, median of 5.
 *
 * <p>Run (root; builds its own namespaces and deletes them, nothing touches the machine's own):
 * <pre>
 * mvn -B -o -q -DskipTests package
 * nice -n 10 java -cp target/sekisho.jar:target/test-classes dev.sekisho.bench.RulesBench [--seconds 60]
 *     [--batch 1000] [--sizes 10000,50000] [--curve false] [--lists 100000]
 * </pre>
 * Not a test: surefire does not run it (the name does not match its patterns) and neither does {@code .ci/run}.
 */
public final class RulesBench {
  /** The lab's own servers answer probes; the connection server gets an address of its own in the internet. */
  private static final String PROBE_SERVER = LabNetwork.INTERNET_IP_1;
  private static final String SERVER = "203.0.113.30";
  /** The allowed port: HTTPS-alt, since the lab's own servers already listen on 443 on every address. */
  static final int HTTPS = 8443;
  private static final int CLOSED_PORT = 80;

  private final double seconds;
  private final int batch;

  private RulesBench(double seconds, int batch) {
    this.seconds = seconds;
    this.batch = batch;
  }

  /** Entry point; see the type's documentation for options. */
  public static void main(String[] args) throws Exception {
    double seconds = 60;
    int batch = 1000;
    List<Integer> sizes = List.of(10_000, 50_000);
    boolean curve = true;
    int lists = 0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--lists" -> lists = Integer.parseInt(args[i + 1]);
        case "--curve" -> curve = Boolean.parseBoolean(args[i + 1]);
        case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
        case "--batch" -> batch = Integer.parseInt(args[i + 1]);
        case "--sizes" -> sizes = Arrays.stream(args[i + 1].split(",")).filter(x -> !x.isBlank())
            .map(Integer::valueOf).toList();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.out.printf(Locale.ROOT, "RulesBench %s, %d cores, load average at start: %s%n", LocalDateTime.now(),
        Runtime.getRuntime().availableProcessors(), loadAverage());
    if (curve) {
      compilerCurve();
    }
    new RulesBench(seconds, batch).run(sizes, lists);
    System.out.printf(Locale.ROOT, "load average at end: %s%n", loadAverage());
  }

  /** One lab gateway with one ruleset in force. */
  private record Gateway(String name, Config config, LabNetwork lab, ServerSocket server, Applier applier) {}

  private void run(List<Integer> sizes, int lists) throws Exception {
    List<String> names = new ArrayList<>(List.of("no rules"));
    List<Config> configs = new ArrayList<>(List.of(RulesBenchConfigs.noRules()));
    for (int n : sizes) {
      names.add("uniform " + n);
      configs.add(RulesBenchConfigs.uniform(n, true));
      names.add("blocks " + n);
      configs.add(RulesBenchConfigs.blocks(n, true));
    }
    if (lists > 0) {
      names.add("list " + lists);
      configs.add(RulesBenchConfigs.addressList(lists));
      names.add("addresses " + lists);
      configs.add(RulesBenchConfigs.singleAddresses(lists));
    }
    List<Gateway> gws = new ArrayList<>();
    try {
      for (int i = 0; i < configs.size(); i++) {
        LabNetwork lab = LabNetwork.create();
        gws.add(new Gateway(names.get(i), configs.get(i), lab, startServer(lab),
            new Applier(ProcessNft.inNamespace(lab.gwNamespaceName()), new MemoryState(), Clock.systemUTC())));
      }
      // Warm-up: JIT the compiler and the applier once (unreported).
      Gateway last = gws.get(gws.size() - 1);
      apply(last.applier(), last.config());
      System.out.println();
      System.out.println("full apply in this JVM (compile + nft -c + nft -f, replacing the table), median of 3:");
      System.out.println("shape            rules    hosts   apply s   of it compile s   ruleset lines");
      for (Gateway g : gws) {
        List<Double> total = new ArrayList<>();
        List<Double> compile = new ArrayList<>();
        long lines = 0;
        for (int i = 0; i < 3; i++) {
          long[] t = apply(g.applier(), g.config());
          total.add(t[0] / 1e9);
          compile.add(t[1] / 1e9);
          lines = t[2];
        }
        System.out.printf(Locale.ROOT, "%-15s %6d   %6d   %7.3f   %15.3f   %13d%n", g.name(), g.config().rules().size(),
            g.config().hosts().size(), median(total), median(compile), lines);
        proveInForce(g);
      }
      measure(gws);
    } finally {
      for (Gateway g : gws) {
        try {
          g.server().close();
        } catch (IOException e) {
          // closing anyway
        }
        g.lab().close();
      }
    }
  }

  /**
   * New connections through every gateway, interleaved batch by batch so that all of them see the same
   * machine (the load of the other users changes by the second): per round, each gateway gets one batch of
   * sequential connects; the ratio to the no-rule gateway is taken per round and the median reported.
   */
  private void measure(List<Gateway> gws) throws Exception {
    int k = gws.size();
    long[] nanos = new long[k];
    long[] count = new long[k];
    List<List<Double>> ratios = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      ratios.add(new ArrayList<>());
    }
    long end = System.nanoTime() + (long) (seconds * 1e9);
    int rounds = 0;
    while (System.nanoTime() < end && rounds < 10_000) {
      double[] rate = new double[k];
      for (int i = 0; i < k; i++) {
        long t = batch(gws.get(i));
        nanos[i] += t;
        count[i] += batch;
        rate[i] = batch / (t / 1e9);
      }
      for (int i = 0; i < k; i++) {
        ratios.get(i).add(rate[i] / rate[0]);
      }
      rounds++;
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "new TCP connections per second, laptop -> %s:%d: %d rounds of %d sequential "
        + "connects per gateway, interleaved%n", SERVER, HTTPS, rounds, batch);
    System.out.println("shape            conn/s (all rounds)   ratio to no rules (median of rounds)   p10-p90 of ratio");
    for (int i = 0; i < k; i++) {
      List<Double> r = new ArrayList<>(ratios.get(i));
      r.sort(null);
      System.out.printf(Locale.ROOT, "%-15s %19.0f   %35.1f %%   %5.1f-%5.1f %%%n", gws.get(i).name(),
          count[i] / (nanos[i] / 1e9), 100 * median(r), 100 * r.get(r.size() / 10), 100 * r.get(r.size() * 9 / 10));
    }
  }

  /**
   * One batch of connects through a gateway: the sockets are created on its laptop's namespace thread (a
   * socket belongs to the namespace it was created in), then connected and reset from this thread, timed.
   */
  private long batch(Gateway g) throws Exception {
    List<SocketChannel> chans = g.lab().in(LabHost.LAPTOP.role(), () -> {
      List<SocketChannel> out = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        SocketChannel ch = SocketChannel.open();
        ch.setOption(StandardSocketOptions.SO_LINGER, 0);
        out.add(ch);
      }
      return out;
    });
    InetSocketAddress server = new InetSocketAddress(SERVER, HTTPS);
    long t0 = System.nanoTime();
    for (SocketChannel ch : chans) {
      try (ch) {
        ch.socket().connect(server, 2000);
      }
    }
    return System.nanoTime() - t0;
  }

  /** Compile + check + load through the production applier; returns {total nanos, compile nanos, lines}. */
  private static long[] apply(Applier applier, Config c) {
    long t0 = System.nanoTime();
    Compilation comp = RulesetCompiler.tryCompile(c);
    long t1 = System.nanoTime();
    ApplyOutcome out = applier.apply(comp.ruleset());
    long t2 = System.nanoTime();
    if (!out.ok()) {
      throw new IllegalStateException("apply refused: " + out.problems());
    }
    return new long[] {t2 - t0, t1 - t0, comp.ruleset().lineRuleIds().size()};
  }

  /** The rules are in force for a new connection: the laptop's HTTPS works, its port 80 only without rules. */
  private static void proveInForce(Gateway g) throws Exception {
    boolean https = g.lab().in(LabHost.LAPTOP.role(), () -> connect(SERVER, HTTPS, 2000));
    boolean other = g.lab().in(LabHost.LAPTOP.role(), () -> connect(PROBE_SERVER, CLOSED_PORT, 500));
    if (!https || other != g.config().rules().isEmpty()) {
      throw new IllegalStateException(g.name() + ": ruleset not in force as expected: https=" + https
          + " port80=" + other);
    }
  }

  /**
   * A server that only accepts and closes, with a backlog far above a batch: the lab's line-writing servers
   * keep the default backlog of 50, and a full accept queue drops SYNs (a one-second retransmit each).
   */
  private static ServerSocket startServer(LabNetwork lab) throws Exception {
    lab.exec(LabNetwork.ROLE_NET, "ip", "addr", "add", SERVER + "/24", "dev", LabNetwork.NET_DUMMY_IF).requireOk();
    ServerSocket ss = lab.in(LabNetwork.ROLE_NET, () -> new ServerSocket(HTTPS, 4096, InetAddress.getByName(SERVER)));
    lab.namespace(LabNetwork.ROLE_NET).newExecutor("bench-accept", 1).submit(() -> {
      while (!ss.isClosed()) {
        // Closed politely: a reset from this side can reach the client before its connect() returns.
        try (Socket c = ss.accept()) {
          c.getLocalPort();
        } catch (IOException e) {
          // reset by the client before the accept, or the server closed: either way, next.
        }
      }
      return null;
    });
    return ss;
  }

  private static boolean connect(String ip, int port, int timeoutMs) {
    try (Socket s = new Socket()) {
      s.setSoLinger(true, 0);
      s.connect(new InetSocketAddress(ip, port), timeoutMs);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The compiler alone (validate + compile to text), median of 5 after a warm-up, at growing sizes. */
  private static void compilerCurve() {
    System.out.println();
    System.out.println("compiler alone (validate + compile), median of 5:");
    System.out.println("rules     uniform ms   blocks ms");
    for (int i = 0; i < 3; i++) {
      RulesetCompiler.compile(RulesBenchConfigs.uniform(50_000, false));
      RulesetCompiler.compile(RulesBenchConfigs.blocks(50_000, false));
    }
    for (int n : List.of(1_000, 10_000, 50_000, 100_000)) {
      Config u = RulesBenchConfigs.uniform(n, false);
      Config b = RulesBenchConfigs.blocks(n, false);
      System.out.printf(Locale.ROOT, "%7d   %10.1f  %10.1f%n", n, compileMillis(u), compileMillis(b));
    }
  }

  private static double compileMillis(Config c) {
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      RulesetCompiler.compile(c);
      ms.add((System.nanoTime() - t0) / 1e6);
    }
    return median(ms);
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static String rounded(List<Double> xs) {
    return xs.stream().map(x -> String.format(Locale.ROOT, "%.0f", x)).toList().toString();
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The applier's record, kept in memory: the benchmark has no database. */
  private static final class MemoryState implements AppliedStateStore {
    private AppliedState state;

    @Override
    public Optional<AppliedState> current() {
      return Optional.ofNullable(state);
    }

    @Override
    public void record(AppliedState s) {
      state = s;
    }

    @Override
    public void clear() {
      state = null;
    }
  }
}
