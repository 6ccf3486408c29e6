package dev.sekisho.cli;

import dev.sekisho.apply.BootRestore;
import dev.sekisho.apply.ProcessNft;
import dev.sekisho.apply.RollbackTimer;
import dev.sekisho.apply.RulesetFile;
import dev.sekisho.config.Config;
import dev.sekisho.config.ConfigCodec;
import dev.sekisho.config.InterfaceAddress;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Problem;
import dev.sekisho.config.Role;
import dev.sekisho.config.Settings;
import dev.sekisho.ruleset.Compilation;
import dev.sekisho.ruleset.RulesetCompiler;
import dev.sekisho.store.FirstStart;
import java.io.IOException;
import java.io.PrintStream;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** The command line: wiring only. */
public final class Main {
  private static final String USAGE = """
      usage:
        sekisho serve   [--data DIR] [--listen HOST:PORT] [--panel-on-wan] [--lan IF] [--lan-address A.B.C.D/N]
                        [--wan IF]
                        run the panel and manage the firewall of this machine's network namespace; the panel
                        listens on the LAN address (refused on the WAN unless --panel-on-wan)
        sekisho lab     [--data DIR] [--port N]
                        build a namespace lab with Sekisho as its gateway; the panel is forwarded to 127.0.0.1:N
        sekisho restore-boot [--data DIR]
                        at boot: load the last confirmed ruleset, or fall back (previous, then a safe ruleset);
                        exit 0 confirmed loaded, 3 fallback loaded, 4 nothing loaded. No web server, no database.
        sekisho compile CONFIG.json
                        print the ruleset for a configuration file, or its problems
      """ + BackupCli.USAGE + TlsCli.USAGE + """
      Options may also come from the environment: SEKISHO_DATA, SEKISHO_LISTEN, SEKISHO_PANEL_ON_WAN=yes,
      SEKISHO_LAN, SEKISHO_LAN_ADDRESS, SEKISHO_WAN, SEKISHO_ADMIN_PASSWORD (first start only),
      SEKISHO_BACKUP_PASSPHRASE;
      automatic backups after each confirmed apply: SEKISHO_BACKUP_DIR, SEKISHO_BACKUP_KEEP (default 30).
      """;
  /** Options that take no value. */
  private static final Set<String> FLAGS = Set.of("apply", "with-password", "panel-on-wan");

  private Main() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      System.out.print(USAGE);
      return;
    }
    Map<String, String> opts;
    try {
      opts = options(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    int code = switch (args[0]) {
      case "serve" -> serve(opts);
      case "lab" -> LabMode.run(opt(opts, "data", "SEKISHO_DATA", "/var/lib/sekisho-lab"),
          Integer.parseInt(opt(opts, "port", null, "8080")), System.getenv(), Clock.systemDefaultZone());
      case "compile" -> compile(opts, System.out, System.err);
      case "restore-boot" -> restoreBoot(opts, System.err);
      case "backup" -> BackupCli.backup(opts, System.getenv(), Clock.systemUTC(), System.out, System.err);
      case "tls-import" -> TlsCli.importPair(opts, System.getenv(), Clock.systemUTC(), System.out, System.err);
      case "restore" -> BackupCli.restore(opts, System.getenv(), Clock.systemDefaultZone(), ProcessNft.local(),
          System.in, System.out, System.err);
      default -> {
        System.err.println("unknown command: " + args[0]);
        System.err.print(USAGE);
        yield 2;
      }
    };
    if (code != 0) {
      System.exit(code);
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> out = new HashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].startsWith("--") && FLAGS.contains(args[i].substring(2))) {
        out.put(args[i].substring(2), "true");
      } else if (args[i].startsWith("--")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        out.put(args[i].substring(2), args[++i]);
      } else {
        positional.add(args[i]);
      }
    }
    if (!positional.isEmpty()) {
      out.put("", positional.get(0));
    }
    return out;
  }

  private static String opt(Map<String, String> opts, String name, String env, String dflt) {
    String v = opts.get(name);
    if (v == null && env != null) {
      v = System.getenv(env);
    }
    return v == null || v.isBlank() ? dflt : v;
  }

  private static int serve(Map<String, String> opts) throws InterruptedException {
    PanelAddress.Options panel = PanelAddress.options(opts, System.getenv());
    String lan = opt(opts, "lan", "SEKISHO_LAN", null);
    String wan = opt(opts, "wan", "SEKISHO_WAN", null);
    String lanAddress = opt(opts, "lan-address", "SEKISHO_LAN_ADDRESS", null);
    Config bootstrap = null;
    if (lan != null) {
      List<NetInterface> ifs = new ArrayList<>();
      ifs.add(new NetInterface(lan, Role.LAN, lanAddress == null ? null : InterfaceAddress.parse(lanAddress)));
      if (wan != null) {
        ifs.add(new NetInterface(wan, Role.WAN, null));
      }
      Settings settings = Settings.DEFAULTS.withMasquerade(wan != null);
      int port = listenPort(panel.listen());
      bootstrap = Config.of(ifs, List.of(), List.of(), port > 0 ? settings.withAdminPort(port) : settings);
    }
    Appliance app;
    try {
      app = Appliance.builder()
          .dataDir(Path.of(opt(opts, "data", "SEKISHO_DATA", "/var/lib/sekisho")))
          .nft(ProcessNft.local())
          .clock(Clock.systemDefaultZone())
          .environment(System.getenv())
          .timer(RollbackTimer.daemon())
          .bootstrap(bootstrap)
          .adminPassword(System.getenv(FirstStart.ADMIN_PASSWORD_ENV))
          .listenOnLan(panel, Main::addressesOf)
          .capture(Appliance.Capture.local(lan))
          .open();
    } catch (IllegalArgumentException e) {
      System.err.println("sekisho serve: " + e.getMessage());
      return 2;
    }
    try {
      app.start();
    } catch (IllegalStateException e) {
      System.err.println("sekisho serve: " + e.getMessage());
      app.close();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "sekisho-shutdown"));
    PanelAddress.Listen at = app.listening();
    System.out.println("In force before the panel listened: " + app.inForce().line() + ".");
    System.out.println("Sekisho is serving the admin panel on " + at.hostPort() + " (" + at.why() + ").");
    if (at.onWan()) {
      System.out.println("WARNING: the panel listens where the WAN can reach it; its login page faces the "
          + "internet unless a rule admits the panel from chosen addresses only.");
    }
    System.out.println("The panel is served over HTTPS; its certificate has the SHA-256 fingerprint\n\n    "
        + app.https().current().fingerprint() + "\n\nCompare it with the one your browser shows before you type "
        + "a password.");
    if (app.setupTokenFile() != null) {
      System.out.println(setupNotice(app.setupTokenFile()));
    }
    stopped.await();
    return 0;
  }

  /** The port of a {@code HOST:PORT} option, or -1 when there is none or it is not a number. */
  private static int listenPort(String listen) {
    try {
      return listen == null ? -1 : Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The addresses an interface of this machine has now (none when it is missing). */
  private static List<String> addressesOf(String name) {
    try {
      NetworkInterface nic = NetworkInterface.getByName(name);
      if (nic == null) {
        return List.of();
      }
      return nic.inetAddresses().map(a -> a.getHostAddress().replaceFirst("%.*$", "")).toList();
    } catch (SocketException e) {
      return List.of();
    }
  }

  /**
   * Where the first start's setup token is: only the path, never the token, because a service's console
   * output ends up in its journal.
   */
  static String setupNotice(Path tokenFile) {
    return "First start: the one-time setup token is in " + tokenFile + " (readable by this user only; read it "
        + "with e.g. sudo cat). Open the panel and enter it to choose the admin password; the file is deleted "
        + "once the password is set.";
  }

  /** {@code restore-boot}: see {@link BootRestore}; manages the namespace this process runs in. */
  static int restoreBoot(Map<String, String> opts, PrintStream err) {
    RulesetFile files = new RulesetFile(Path.of(opt(opts, "data", "SEKISHO_DATA", "/var/lib/sekisho")));
    BootRestore.Report report = new BootRestore(ProcessNft.local(), files).run();
    report.lines().forEach(l -> err.println("sekisho restore-boot: " + l));
    return report.exitCode();
  }

  /** {@code compile FILE}: the ruleset for a configuration file, or its problems (exit 1). */
  static int compile(Map<String, String> opts, PrintStream out, PrintStream err) throws IOException {
    String file = opts.get("");
    if (file == null) {
      err.println("compile needs a configuration file");
      return 2;
    }
    ConfigCodec.Parsed parsed = ConfigCodec.parse(Files.readString(Path.of(file), StandardCharsets.UTF_8));
    Compilation compiled = parsed.ok() ? RulesetCompiler.tryCompile(parsed.config(),
        dev.sekisho.apply.KernelTime.basis(java.time.Clock.systemDefaultZone())) : null;
    List<Problem> problems = compiled == null ? parsed.problems() : compiled.problems();
    if (!problems.isEmpty()) {
      problems.forEach(p -> err.println(p));
      return 1;
    }
    out.print(compiled.ruleset().text());
    return 0;
  }
}
