package dev.sekisho.cli;

import dev.sekisho.apply.ApplyOutcome;
import dev.sekisho.apply.ProcessNft;
import dev.sekisho.apply.RollbackTimer;
import dev.sekisho.lab.LabHost;
import dev.sekisho.lab.LabNetwork;
import dev.sekisho.lab.LabSeed;
import dev.sekisho.lab.LoopbackForwarder;
import dev.sekisho.lab.NetnsSupport;
import dev.sekisho.store.FirstStart;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code sekisho lab}: builds the namespace lab, runs the appliance as its gateway (web server inside the
 * gateway namespace, nft through {@code ip netns exec}), forwards a loopback port into a LAN host so a
 * browser on this machine reaches the panel from the LAN side, and removes everything on exit.
 */
public final class LabMode {
  /** The panel's port inside the gateway. */
  public static final int PANEL_PORT = 8080;

  private LabMode() {}

  /**
   * Runs until the process is stopped (Ctrl-C); returns the exit code. {@code env} may set the first admin
   * password ({@value FirstStart#ADMIN_PASSWORD_ENV}) and the automatic backups, as for {@code serve}.
   */
  public static int run(String dataDir, int localPort, Map<String, String> env, Clock clock) throws Exception {
    if (!NetnsSupport.canUseNetns()) {
      System.err.println("lab mode needs root and network namespaces (ip netns); run as root");
      return 1;
    }
    LabNetwork lab = LabNetwork.create();
    Appliance app = null;
    LoopbackForwarder forwarder = null;
    CountDownLatch stopped = new CountDownLatch(1);
    try {
      app = Appliance.builder()
          .dataDir(Path.of(dataDir))
          .nft(ProcessNft.inNamespace(lab.gwNamespaceName()))
          .clock(clock)
          .environment(env)
          .timer(RollbackTimer.daemon())
          .bootstrap(LabSeed.demo())
          .adminPassword(env.get(FirstStart.ADMIN_PASSWORD_ENV))
          // The LAN address only, as on a real gateway; start() loads the safe ruleset before it listens.
          .listen(LabNetwork.GW_LAN_IP, PANEL_PORT)
          .capture(new Appliance.Capture(LabNetwork.GW_LAN_IF,
              () -> lab.namespace(LabNetwork.ROLE_GW).newExecutor("capture", 2)))
          .open();
      Appliance started = app;
      lab.inGateway(started::start);
      ApplyOutcome applied = app.applyLastKnown();
      try {
        forwarder = lab.forward(LabHost.LAPTOP.role(), localPort, LabNetwork.GW_LAN_IP, PANEL_PORT);
      } catch (RuntimeException e) {
        if (!(e.getCause() instanceof BindException)) {
          throw e;
        }
        System.err.println("127.0.0.1:" + localPort + " is busy; using a free port instead");
        forwarder = lab.forward(LabHost.LAPTOP.role(), 0, LabNetwork.GW_LAN_IP, PANEL_PORT);
      }
      lab.startBackgroundTraffic(Duration.ofSeconds(3), 100_000, Duration.ofHours(12));
      banner(lab, app, forwarder, applied, dataDir);

      Appliance a = app;
      LoopbackForwarder f = forwarder;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        System.out.println("\nStopping the lab and removing its namespaces…");
        closeQuietly(f);
        closeQuietly(a);
        lab.close();
        stopped.countDown();
      }, "sekisho-lab-shutdown"));
      stopped.await();
      return 0;
    } catch (Exception | Error e) {
      closeQuietly(forwarder);
      closeQuietly(app);
      lab.close();
      throw e;
    }
  }

  private static void banner(LabNetwork lab, Appliance app, LoopbackForwarder fwd, ApplyOutcome applied,
      String dataDir) {
    System.out.println();
    System.out.println("Sekisho lab is running (namespaces " + lab.prefix() + "*, data in " + dataDir + ").");
    System.out.println("  Admin panel:  " + fwd.httpsUrl()
        + "   (forwarded from inside the LAN host 'laptop' to " + LabNetwork.GW_LAN_IP + ":" + PANEL_PORT + ")");
    System.out.println("  Certificate:  self-signed unless you installed your own; SHA-256 fingerprint");
    System.out.println("                " + app.https().current().fingerprint());
    System.out.println("                (compare it with the one your browser shows before typing a password)");
    if (app.setupToken() != null) {
      System.out.println("  First login:  open the panel and enter the one-time setup token " + app.setupToken());
      System.out.println("                to choose the admin password (or start with SEKISHO_ADMIN_PASSWORD=...).");
    } else {
      System.out.println("  Log in as:    admin, with the password chosen earlier");
    }
    System.out.println("  Before panel: " + app.inForce().line());
    System.out.println("  Ruleset:      " + (applied.ok() ? "applied in the gateway namespace"
        : "NOT applied: " + applied.problems() + " (the safe ruleset above stays in force)"));
    System.out.println("  Try it:       ip netns exec " + lab.namespaceName(LabHost.TABLET.role())
        + " bash -c 'cat </dev/tcp/" + LabNetwork.INTERNET_IP_1 + "/443'");
    System.out.println("Press Ctrl-C to stop; everything the lab created is removed.");
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      System.err.println("while stopping: " + e);
    }
  }
}
