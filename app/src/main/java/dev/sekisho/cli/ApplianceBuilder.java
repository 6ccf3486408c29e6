package dev.sekisho.cli;

import dev.sekisho.apply.Nft;
import dev.sekisho.apply.RollbackTimer;
import dev.sekisho.capture.FlowSource;
import dev.sekisho.config.Config;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.Objects;

/**
 * Every input of an {@link Appliance}, named. The first five are required and have no default, so that a
 * caller always says which clock, environment and timer it means (the real ones come from {@code Main}; tests
 * pass a hand-moved clock and timer):
 *
 * <pre>{@code
 * Appliance app = Appliance.builder()
 *     .dataDir(dir).nft(ProcessNft.local())
 *     .clock(Clock.systemDefaultZone()).environment(System.getenv()).timer(RollbackTimer.daemon())
 *     .bootstrap(config).adminPassword(password).listenOnLan(PanelAddress.Options.DEFAULT, addressesOf)
 *     .capture(Appliance.Capture.local(null))
 *     .open();
 * }</pre>
 */
public final class ApplianceBuilder {
  Path dataDir;
  Nft nft;
  Clock clock;
  Map<String, String> environment;
  RollbackTimer timer;
  Config bootstrap;
  String adminPassword;
  String listenHost = "127.0.0.1";
  int listenPort;
  PanelAddress.Options panelOptions;
  Function<String, List<String>> addressesOf;
  Appliance.Capture capture;
  java.util.function.Supplier<java.util.concurrent.ExecutorService> dnsThreads = () ->
      java.util.concurrent.Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "dns-forwarder");
        t.setDaemon(true);
        return t;
      });
  FlowSource flows;

  ApplianceBuilder() {}

  /** Required: where the database and the boot ruleset files live. */
  public ApplianceBuilder dataDir(Path dir) {
    this.dataDir = dir;
    return this;
  }

  /** Required: the door to the kernel's firewall (which namespace, or a fake). */
  public ApplianceBuilder nft(Nft door) {
    this.nft = door;
    return this;
  }

  /** Required: the time for applies, deadlines, sessions and notices; its zone is used to show times. */
  public ApplianceBuilder clock(Clock c) {
    this.clock = c;
    return this;
  }

  /** Required: the process environment, for the automatic backups ({@code SEKISHO_BACKUP_DIR}, …). */
  public ApplianceBuilder environment(Map<String, String> env) {
    this.environment = Map.copyOf(env);
    return this;
  }

  /** Required: runs the rollback deadlines; the appliance owns it from here on and closes it. */
  public ApplianceBuilder timer(RollbackTimer t) {
    this.timer = t;
    return this;
  }

  /** The configuration to start with when the data directory is new (default: none). */
  public ApplianceBuilder bootstrap(Config config) {
    this.bootstrap = config;
    return this;
  }

  /** A password to set on first start instead of the setup page (default: none, a setup token is issued). */
  public ApplianceBuilder adminPassword(String password) {
    this.adminPassword = password;
    return this;
  }

  /** Where the panel listens (default: 127.0.0.1, a free port). */
  public ApplianceBuilder listen(String host, int port) {
    this.listenHost = host;
    this.listenPort = port;
    return this;
  }

  /**
   * Decides where the panel listens from the stored configuration instead ({@link PanelAddress}): its LAN
   * address by default, the WAN only when {@code options} allow it; {@link #open()} refuses otherwise.
   *
   * @param addressesOf the addresses an interface has now, by name
   */
  public ApplianceBuilder listenOnLan(PanelAddress.Options options, Function<String, List<String>> addressesOf) {
    this.panelOptions = Objects.requireNonNull(options, "options");
    this.addressesOf = Objects.requireNonNull(addressesOf, "addressesOf");
    return this;
  }

  /** Captures live flows for the flows page, started and stopped with the appliance (default: no capture). */
  public ApplianceBuilder capture(Appliance.Capture c) {
    this.capture = c;
    return this;
  }

  /**
   * Makes the DNS forwarder's executor (default: eight daemon threads); in the lab its threads must live in
   * the gateway's namespace, e.g. {@code () -> gw.newExecutor("dns", 8)}.
   */
  public ApplianceBuilder dnsThreads(java.util.function.Supplier<java.util.concurrent.ExecutorService> threads) {
    this.dnsThreads = threads;
    return this;
  }

  /** A ready flow source for the flows page instead of a capture, e.g. fixed flows in a test. */
  public ApplianceBuilder flows(FlowSource source) {
    this.flows = source;
    return this;
  }

  /**
   * Opens the data directory and builds everything; the web server is not started yet.
   *
   * @throws NullPointerException when a required input is missing
   * @throws IllegalArgumentException when the starting configuration, the admin password or the environment
   *     is not acceptable, or {@link #listenOnLan} finds no safe place for the panel (the message says why)
   * @throws IllegalStateException when another process holds the data directory
   */
  public Appliance open() {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(nft, "nft");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(timer, "timer");
    if (capture != null && flows != null) {
      throw new IllegalArgumentException("either a capture or a flow source, not both");
    }
    return Appliance.open(this);
  }

  @Override
  public String toString() {
    // Keeps the admin password out of logs and exception messages.
    return "ApplianceBuilder[dataDir=" + dataDir + ", listen=" + listenHost + ":" + listenPort + "]";
  }
}
