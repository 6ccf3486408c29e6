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
import java.net.InetSocketAddress;
import java.net.Socket;
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
 * <p>Builds the lab ({@link LabNetwork}: gateway, switch, LAN hosts and an internet namespace, all its own
 * and removed afterwards) and, in one run, loads these rulesets into the lab gateway and measures new TCP
 * connections per second from the laptop to the internet server 203.0.113.10:443: sequential connects,
 * each closed at once with a reset (no TIME_WAIT piles up), for {@code --seconds} or at most
 * {@code --max-connects} per measurement. The laptop's rules always come last.
 * <ul>
 *   <li>no rules, LAN default allow (the reference rate; measured at the start and again at the end);
 *   <li><b>uniform</b>: N hosts, one "allow tcp 443" each, LAN default deny;
 *   <li><b>blocks</b>: N/3 hosts, each "allow tcp 443 / allow udp 53 to 192.0.2.53 / deny any".
 * </ul>
 * Each ruleset is proven in force over a new connection: the laptop's TCP 80 must fail while 443 works.
 * Every measurement is repeated {@code --rounds} times, the configurations interleaved; the table reports
 * the median. The full apply (compile + {@code nft -c} + {@code nft -f}, through the production
 * {@link Applier}) is timed in this JVM after a warm-up; so is the compiler alone at 1k to 100k rules.
 *
 * <p>Run (root; builds its own namespaces and deletes them, nothing touches the machine's own):
 * <pre>
 * mvn -B -o -q -DskipTests package   # or test-compile after a package
 * nice -n 10 java -cp target/sekisho.jar:target/test-classes dev.sekisho.bench.RulesBench [--seconds 3]
 *     [--rounds 3] [--max-connects 60000] [--sizes 10000,50000]
 * </pre>
 * Not a test: surefire does not run it (the name does not match its patterns) and neither does {@code .ci/run}.
 */
public final class RulesBench {
  private static final String SERVER = LabNetwork.INTERNET_IP_1;
  private static final int HTTPS = 443;
  private static final int CLOSED_PORT = 80;

  private final LabNetwork lab;
  private final Applier applier;
  private final double seconds;
  private final int maxConnects;

  private RulesBench(LabNetwork lab, double seconds, int maxConnects) {
    this.lab = lab;
    this.applier = new Applier(ProcessNft.inNamespace(lab.gwNamespaceName()), new MemoryState(), Clock.systemUTC());
    this.seconds = seconds;
    this.maxConnects = maxConnects;
  }

  /** Entry point; see the type's documentation for options. */
  public static void main(String[] args) throws Exception {
    double seconds = 3;
    int rounds = 3;
    int maxConnects = 60_000;
    List<Integer> sizes = List.of(10_000, 50_000);
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--max-connects" -> maxConnects = Integer.parseInt(args[i + 1]);
        case "--sizes" -> sizes = Arrays.stream(args[i + 1].split(",")).map(Integer::valueOf).toList();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.out.printf(Locale.ROOT, "RulesBench %s, %d cores, load average at start: %s%n", LocalDateTime.now(),
        Runtime.getRuntime().availableProcessors(), loadAverage());
    compilerCurve();
    try (LabNetwork lab = LabNetwork.create()) {
      new RulesBench(lab, seconds, maxConnects).run(sizes, rounds);
    }
    System.out.printf(Locale.ROOT, "load average at end: %s%n", loadAverage());
  }

  private void run(List<Integer> sizes, int rounds) throws Exception {
    List<String> names = new ArrayList<>(List.of("no rules"));
    List<Config> configs = new ArrayList<>(List.of(noRules()));
    for (int n : sizes) {
      names.add("uniform " + n);
      configs.add(uniform(n, true));
      names.add("blocks " + n);
      configs.add(blocks(n, true));
    }
    // Warm-up: JIT the compiler and the applier once (unreported).
    apply(configs.get(configs.size() - 1));
    System.out.println();
    System.out.println("shape          rules   hosts   apply s (compile + nft -c + nft -f)   text lines");
    List<List<Double>> rates = new ArrayList<>();
    for (int i = 0; i < configs.size(); i++) {
      rates.add(new ArrayList<>());
    }
    List<Double> baselineEnd = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < configs.size(); i++) {
        Config c = configs.get(i);
        long[] t = apply(c);
        if (round == 0) {
          System.out.printf(Locale.ROOT, "%-13s %6d  %6d   %5.3f (%.3f + %.3f)  %30d%n", names.get(i), c.rules().size(),
              c.hosts().size(), t[0] / 1e9, t[1] / 1e9, (t[0] - t[1]) / 1e9, t[2]);
        }
        proveInForce(c);
        rates.get(i).add(connectRate());
      }
      apply(noRules());
      baselineEnd.add(connectRate());
    }
    double base = median(rates.get(0));
    System.out.println();
    System.out.printf(Locale.ROOT, "new TCP connections per second, laptop -> %s:%d, median of %d rounds of %.1f s%n",
        SERVER, HTTPS, rounds, seconds);
    System.out.println("shape              conn/s   ratio to no rules   (all rounds)");
    for (int i = 0; i < configs.size(); i++) {
      System.out.printf(Locale.ROOT, "%-15s %9.0f   %6.1f %%            %s%n", names.get(i), median(rates.get(i)),
          100 * median(rates.get(i)) / base, rounded(rates.get(i)));
    }
    System.out.printf(Locale.ROOT, "%-15s %9.0f   %6.1f %%            %s%n", "no rules (end)", median(baselineEnd),
        100 * median(baselineEnd) / base, rounded(baselineEnd));
  }

  /** Compile + check + load through the production applier; returns {total nanos, compile nanos, lines}. */
  private long[] apply(Config c) {
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

  /** The rules are in force for a new connection: the laptop's HTTPS works, its port 80 does not (with rules). */
  private void proveInForce(Config c) throws Exception {
    boolean https = lab.in(LabHost.LAPTOP.role(), () -> connect(HTTPS, 2000));
    boolean other = lab.in(LabHost.LAPTOP.role(), () -> connect(CLOSED_PORT, 500));
    boolean expectOther = c.rules().isEmpty();
    if (!https || other != expectOther) {
      throw new IllegalStateException("ruleset not in force as expected: https=" + https + " port80=" + other);
    }
  }

  private static boolean connect(int port, int timeoutMs) {
    try (Socket s = new Socket()) {
      s.setSoLinger(true, 0);
      s.connect(new InetSocketAddress(SERVER, port), timeoutMs);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Sequential new connections for the configured time (or count), from the laptop's namespace. */
  private double connectRate() throws Exception {
    return lab.in(LabHost.LAPTOP.role(), () -> {
      long limit = (long) (seconds * 1e9);
      long t0 = System.nanoTime();
      int n = 0;
      int failed = 0;
      while (System.nanoTime() - t0 < limit && n < maxConnects) {
        if (connect(HTTPS, 1000)) {
          n++;
        } else if (++failed > 10) {
          throw new IllegalStateException("more than 10 connects failed");
        }
      }
      return n / ((System.nanoTime() - t0) / 1e9);
    });
  }

  /** The compiler alone (validate + compile to text), median of 5 after a warm-up, at growing sizes. */
  private static void compilerCurve() {
    System.out.println();
    System.out.println("compiler alone (validate + compile), median of 5:");
    System.out.println("rules     uniform ms   blocks ms");
    for (int i = 0; i < 3; i++) {
      RulesetCompiler.compile(uniform(50_000, false));
      RulesetCompiler.compile(blocks(50_000, false));
    }
    for (int n : List.of(1_000, 10_000, 50_000, 100_000)) {
      Config u = uniform(n, false);
      Config b = blocks(n, false);
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

  private static Config noRules() {
    return config(List.of(laptop()), List.of(), Policy.ALLOW, true);
  }

  /** n hosts with one "allow tcp 443" each, the laptop last; LAN default deny. */
  static Config uniform(int n, boolean lab) {
    List<Host> hosts = fillers(n - 1, lab);
    List<Rule> rules = new ArrayList<>();
    hosts.add(laptop());
    for (Host h : hosts) {
      rules.add(rule(rules.size() + 1, h, null, Protocol.TCP, PortRange.of(HTTPS), Action.ALLOW));
    }
    return config(hosts, rules, Policy.DENY, lab);
  }

  /** n/3 hosts with "allow tcp 443 / allow udp 53 to 192.0.2.53 / deny any", the laptop last. */
  static Config blocks(int n, boolean lab) {
    List<Host> hosts = fillers(n / 3 - 1, lab);
    hosts.add(laptop());
    List<Rule> rules = new ArrayList<>();
    Cidr resolver = Cidr.parse("192.0.2.53");
    for (Host h : hosts) {
      rules.add(rule(rules.size() + 1, h, null, Protocol.TCP, PortRange.of(HTTPS), Action.ALLOW));
      rules.add(rule(rules.size() + 1, h, resolver, Protocol.UDP, PortRange.of(53), Action.ALLOW));
      rules.add(rule(rules.size() + 1, h, null, Protocol.ANY, null, Action.DENY));
    }
    return config(hosts, rules, Policy.ALLOW, lab);
  }

  /**
   * Hosts that exist only in the ruleset: 192.168.0.0/16 outside the lab's 192.168.77.0/24 (up to ~65,000),
   * or 10.0.0.0/8 for the compiler-only curve, which goes beyond that.
   */
  private static List<Host> fillers(int count, boolean lab) {
    List<Host> out = new ArrayList<>();
    int base = lab ? 0xc0a80000 : 0x0a000000;
    for (int i = 0, a = 1; out.size() < count; a++) {
      int ip = base + a;
      if (lab && (((ip >>> 8) & 0xff) == 77 || (ip & 0xff) == 0 || (ip & 0xff) == 255)) {
        continue;
      }
      out.add(new Host(100 + i, "h" + (100 + i), null, new Ipv4(ip)));
      i++;
    }
    return out;
  }

  private static Host laptop() {
    return new Host(1, "laptop", Mac.parse(LabHost.LAPTOP.mac()), Ipv4.parse(LabHost.LAPTOP.ip()));
  }

  private static Rule rule(long id, Host h, Cidr dst, Protocol p, PortRange ports, Action a) {
    return new Rule(id, h.id(), dst, p, ports, a, false, Comment.NONE, true);
  }

  private static Config config(List<Host> hosts, List<Rule> rules, Policy policy, boolean lab) {
    String lan = lab ? "192.168.77.1/16" : "10.0.0.1/8";
    return new Config(List.of(new NetInterface(LabNetwork.GW_LAN_IF, Role.LAN, InterfaceAddress.parse(lan)),
        new NetInterface(LabNetwork.GW_WAN_IF, Role.WAN, InterfaceAddress.parse(LabNetwork.GW_WAN_IP + "/24"))),
        hosts, rules, Settings.DEFAULTS.withLanDefault(policy));
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
