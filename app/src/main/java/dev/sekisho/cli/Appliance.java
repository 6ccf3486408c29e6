package dev.sekisho.cli;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.apply.Applier;
import dev.sekisho.apply.KernelTime;
import dev.sekisho.apply.ApplyOutcome;
import dev.sekisho.apply.RulesetFile;
import dev.sekisho.apply.Nft;
import dev.sekisho.apply.SafeApply;
import dev.sekisho.apply.ScheduleReload;
import dev.sekisho.apply.StartGuard;
import dev.sekisho.backup.AutoBackup;
import dev.sekisho.capture.CaptureService;
import dev.sekisho.capture.FlowSource;
import dev.sekisho.capture.IpAddress;
import dev.sekisho.dns.DnsService;
import dev.sekisho.config.Cidr;
import dev.sekisho.config.Config;
import dev.sekisho.config.IpAddr;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Network;
import dev.sekisho.config.Role;
import dev.sekisho.config.Settings;
import dev.sekisho.crypto.TlsFiles;
import dev.sekisho.i18n.Message;
import dev.sekisho.ruleset.Compilation;
import dev.sekisho.ruleset.RulesetCompiler;
import dev.sekisho.ruleset.SafeRuleset;
import dev.sekisho.store.AdminStore;
import dev.sekisho.store.AppliedStore;
import dev.sekisho.store.ApiKeyStore;
import dev.sekisho.store.AuditStore;
import dev.sekisho.store.ConfigStore;
import dev.sekisho.store.Database;
import dev.sekisho.store.FirstStart;
import dev.sekisho.store.NoticeStore;
import dev.sekisho.store.PendingDecisionStore;
import dev.sekisho.store.PendingStore;
import dev.sekisho.store.RevisionRecorder;
import dev.sekisho.store.RevisionStore;
import dev.sekisho.store.SetupTokenFile;
import dev.sekisho.web.Https;
import dev.sekisho.web.WebApp;
import dev.sekisho.web.WebDeps;
import io.javalin.Javalin;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Sekisho: the data directory, the stores, the applier and the web panel, wired together. This
 * is the only wiring: the server, the lab, the command line and the tests all build through {@link #builder()}
 * and pass in every input from outside (the nft door, the clock, the environment, the rollback timer, the
 * flow source), so nothing in here reads the machine's time or environment by itself.
 */
public final class Appliance implements AutoCloseable {

  /**
   * Where the live flow capture runs.
   *
   * @param lanInterface the interface to capture on, or null for the configuration's first LAN interface
   * @param threads makes the executor for the capture's two threads; in the lab they must run inside the
   *     gateway's namespace, e.g. {@code () -> gw.newExecutor("capture", 2)}
   */
  public record Capture(String lanInterface, Supplier<ExecutorService> threads) {

    /** On {@code lanInterface} (null: the configured LAN), with daemon threads in this process's namespace. */
    public static Capture local(String lanInterface) {
      return new Capture(lanInterface, () -> Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "capture");
        t.setDaemon(true);
        return t;
      }));
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(Appliance.class);

  private final Clock clock;
  private final Nft nft;
  private final String listenHost;
  private final int listenPort;
  /** Where {@link ApplianceBuilder#listenOnLan} decided the panel listens; null when the builder said. */
  private final PanelAddress.Listen decided;
  private StartGuard.Report inForce;
  private final Database db;
  private final ConfigStore configs;
  private final AppliedStore applied;
  private final AdminStore admins;
  private final AutoBackup autoBackup;
  private final RevisionStore revisions;
  private final RevisionRecorder revisionRecorder;
  private final Applier applier;
  private final SafeApply safeApply;
  private final NoticeStore notices;
  private final AuditStore audit;
  private final ApiKeyStore apiKeys;
  private final String setupToken;
  private final SetupTokenFile setupTokenFile;
  private final Javalin web;
  private final Https https;
  private final RulesetFile bootFiles;
  private final CaptureService capture;
  private final ScheduleReload scheduleReload;
  private final dev.sekisho.store.RuleExpiries expiries;
  /** Notices temporary rules in force that have expired and records each in the history (every few seconds). */
  private final java.util.concurrent.ScheduledExecutorService expiryWatch;

  /** How often the expiry watch looks; the kernel has already stopped matching, this only records it. */
  static final java.time.Duration EXPIRY_WATCH = java.time.Duration.ofSeconds(5);
  private final PendingDecisionStore pendingDecisions;
  /** The bounds of pending decisions in force (settings of the applied configuration). */
  private final java.util.concurrent.atomic.AtomicReference<Settings> askBounds =
      new java.util.concurrent.atomic.AtomicReference<>(Settings.DEFAULTS);
  private final DnsService dns;

  private Appliance(ApplianceBuilder b) {
    this.clock = b.clock;
    this.nft = b.nft;
    this.bootFiles = new RulesetFile(b.dataDir);
    // The appliance owns the timer from here on, so a failed start stops it too.
    try {
      // Read before the database opens, so that a typo in the environment stops the start cleanly.
      this.autoBackup = AutoBackup.fromEnvironment(b.environment);
      this.db = Database.open(b.dataDir);
    } catch (RuntimeException e) {
      b.timer.close();
      throw e;
    }
    try {
      this.configs = new ConfigStore(db);
      this.applied = new AppliedStore(db);
      this.setupTokenFile = new SetupTokenFile(b.dataDir);
      this.admins = new AdminStore(db, setupTokenFile::delete);
      this.revisions = new RevisionStore(db);
      this.revisionRecorder = new RevisionRecorder(revisions);
      this.setupToken = FirstStart.run(configs, admins, b.bootstrap, b.adminPassword);
      this.decided = b.panelOptions == null ? null : decideListen(b);
      this.listenHost = decided == null ? b.listenHost : decided.host();
      this.listenPort = decided == null ? b.listenPort : decided.port();
      // Never on the console of a service (its journal): in an owner-only file, gone once a password is set.
      if (setupToken != null) {
        setupTokenFile.write(setupToken);
      } else {
        setupTokenFile.delete();
      }
      this.applier = new Applier(b.nft, applied, clock);
      this.dns = new DnsService(() -> applied.current().map(AppliedState::config).orElse(null), b.nft, b.dnsThreads);
      // a load replaces the table and empties the domain rules' sets: put the unexpired addresses back
      applier.afterLoad(dns.learner()::replay);
      this.notices = new NoticeStore(db);
      this.audit = new AuditStore(db);
      this.apiKeys = new ApiKeyStore(db);
      this.safeApply = new SafeApply(applier, configs, applied, new PendingStore(db), notices,
          this::confirmed, clock, b.timer, audit);
      // A rollback of a state with timed decisions compiles it again, so their time left is not extended.
      safeApply.recompileTimed((c, at) -> {
        Compilation compiled = RulesetCompiler.tryCompile(c, at);
        return compiled.ok() ? java.util.Optional.of(compiled.ruleset().text()) : java.util.Optional.empty();
      });
      this.pendingDecisions = new PendingDecisionStore(db);
      // A half-confirmed apply must not survive a crash or a stop.
      safeApply.recoverAtStartup();
      this.scheduleReload = new ScheduleReload(safeApply, applied, clock, this::saveForBoot);
      askBounds.set(inForceOrDraft().settings());
      this.capture = b.capture == null ? null : capture(b.capture, configs.load());
      if (capture != null) {
        capture.onAsk(new dev.sekisho.capture.BlockedLog.AskListener() {
          @Override
          public void asked(java.time.Instant at, long hostId, int protocol, IpAddress dst, int port) {
            Appliance.this.asked(at, hostId, protocol, dst, port);
          }

          @Override
          public void unknownDevice(java.time.Instant at, long srcMac, IpAddress src) {
            Appliance.this.unknownDevice(at, srcMac, src);
          }
        });
      }
      FlowSource flows = b.flows != null ? b.flows : capture;
      this.https = TlsSetup.https(new TlsFiles(b.dataDir), listenHost, configs.load(), clock.instant());
      this.web = WebApp.create(new WebDeps(configs, applied, admins, safeApply, notices, clock, setupToken,
          revisions, flows, decided != null && decided.onWan() ? wanWarning(decided) : null, audit,
          WebDeps.sessionMaxAge(b.environment), apiKeys, pendingDecisions, dns), https);
      this.expiries = new dev.sekisho.store.RuleExpiries(db, applied);
      this.expiryWatch = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rule-expiry-watch");
        t.setDaemon(true);
        return t;
      });
      expiryWatch.scheduleWithFixedDelay(this::recordExpiriesQuietly, EXPIRY_WATCH.toMillis(),
          EXPIRY_WATCH.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      b.timer.close();
      db.close();
      throw e;
    }
  }

  /**
   * The live capture on the asked interface, or on the configuration's first LAN interface; null (the flows
   * page says capture is off) when there is none. A capture that cannot open its interface is not an error
   * here: the flows page shows why.
   */
  private static CaptureService capture(Capture c, Config config) {
    List<NetInterface> lans = config.interfaces(Role.LAN);
    String name = c.lanInterface() != null ? c.lanInterface() : lans.isEmpty() ? null : lans.get(0).name();
    if (name == null) {
      LOG.warn("no LAN interface is configured: live flow capture is off");
      return null;
    }
    List<Network> nets = new java.util.ArrayList<>();
    lans.stream().filter(i -> i.address() != null).forEach(i -> nets.add(i.address().subnet()));
    nets.addAll(config.lanPrefixes6());
    return new CaptureService(CaptureService.Settings.defaults(name, nets), c.threads());
  }

  /**
   * A blocked new connection of a host in ask mode (from the blocked-traffic log's thread): a pending
   * decision, within the bounds in force. Only TCP and UDP are asked about (the ask rule logs only those).
   * The domain name is the one the gateway's DNS forwarder last answered with that address, when it did.
   */
  private void asked(java.time.Instant at, long hostId, int protocol, IpAddress dst, int port) {
    Protocol p = protocol == 6 ? Protocol.TCP : protocol == 17 ? Protocol.UDP : null;
    if (p == null || port < 1 || port > 65535) {
      return;
    }
    try {
      Settings s = askBounds.get();
      pendingDecisions.record(hostId, IpAddr.parse(dst.toString()), p, port, domainOf(dst), at, s.askMaxPerHost(),
          s.askMaxTotal());
    } catch (RuntimeException e) {
      LOG.warn("a pending decision could not be recorded: {}", e.toString());
    }
  }

  /** A new connection of an unknown device while their policy is ask: a pending decision for the device. */
  private void unknownDevice(java.time.Instant at, long srcMac, IpAddress src) {
    try {
      Settings s = askBounds.get();
      pendingDecisions.recordUnknown(IpAddr.parse(src.toString()), srcMac == 0 ? null : macText(srcMac), at,
          s.askMaxPerHost(), s.askMaxTotal());
    } catch (RuntimeException e) {
      LOG.warn("an unknown device could not be recorded: {}", e.toString());
    }
  }

  private static String macText(long mac) {
    StringBuilder b = new StringBuilder();
    for (int i = 5; i >= 0; i--) {
      b.append(String.format("%02x", (mac >> (8 * i)) & 0xff));
      if (i > 0) {
        b.append(':');
      }
    }
    return b.toString();
  }

  /**
   * The name a LAN host asked the gateway's DNS forwarder for that was answered with this destination, or
   * null when none is known (no forwarder, or the host used another resolver).
   */
  private String domainOf(IpAddress dst) {
    try {
      return dns.learner().nameOf(IpAddr.parse(dst.toString())).orElse(null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The decisions inbox's pending decisions. */
  public PendingDecisionStore pendingDecisions() {
    return pendingDecisions;
  }

  /** The configuration in force, or the draft when nothing was applied yet (a fresh box: the seed). */
  private Config inForceOrDraft() {
    return applied.current().map(AppliedState::config).orElseGet(configs::load);
  }

  private PanelAddress.Listen decideListen(ApplianceBuilder b) {
    PanelAddress.Decision d = PanelAddress.decide(inForceOrDraft(), b.panelOptions, b.addressesOf);
    if (d instanceof PanelAddress.Refused r) {
      throw new IllegalArgumentException(r.message());
    }
    return (PanelAddress.Listen) d;
  }

  private static String wanWarning(PanelAddress.Listen l) {
    return "The panel listens on " + l.hostPort() + ", where the WAN can reach it (" + l.why() + "). Anyone "
        + "on the internet who can reach that address may try to log in; unless a rule admits the panel from "
        + "chosen addresses only, restart Sekisho without " + PanelAddress.ON_WAN_HINT + ".";
  }

  /** Starts naming the inputs; {@link ApplianceBuilder} says which are required. */
  public static ApplianceBuilder builder() {
    return new ApplianceBuilder();
  }

  /** Opens the data directory and builds everything; the web server is not started yet. */
  static Appliance open(ApplianceBuilder b) {
    return new Appliance(b);
  }

  /**
   * Puts a firewall in front of the panel ({@link StartGuard}: the confirmed ruleset stays if it is in force,
   * otherwise the safe ruleset is loaded for the LAN interfaces and the panel's port), then starts the web
   * server, its listening socket opened on the calling thread (and its namespace), and the live capture, if
   * any, whose threads come from its own executor.
   *
   * @throws IllegalStateException when no ruleset could be put in force; the web server is not started
   */
  public Appliance start() {
    Config c = inForceOrDraft();
    int port = listenPort > 0 ? listenPort : c.settings().adminPort();
    inForce = StartGuard.ensure(nft, applied.current(), new SafeRuleset.Management(
        c.interfaces(Role.LAN).stream().map(NetInterface::name).toList(), port, c.settings().sshFromLan()));
    if (inForce.inForce() == StartGuard.InForce.CONFIRMED) {
      // the applied ruleset is in force: keep its schedules right across daylight saving switches
      scheduleReload.start();
    }
    web.start(listenHost, listenPort);
    dns.reconcile(applied.current().map(AppliedState::config).orElse(null));
    if (capture != null) {
      capture.start();
    }
    return this;
  }

  /** What {@link #start()} found or put in force before the panel listened; null before the start. */
  public StartGuard.Report inForce() {
    return inForce;
  }

  /** Where the panel listens as {@link ApplianceBuilder#listenOnLan} decided; null when the builder said. */
  public PanelAddress.Listen listening() {
    return decided;
  }

  /** The gateway's DNS forwarder and what it learned for domain rules. */
  public DnsService dns() {
    return dns;
  }

  /** The live capture, or null when there is none. */
  public CaptureService capture() {
    return capture;
  }

  /** The REST API's keys. */
  public ApiKeyStore apiKeys() {
    return apiKeys;
  }

  /** The panel's web server (tests read its routes). */
  public Javalin web() {
    return web;
  }

  /** The port the panel listens on (useful when 0 was asked for). */
  public int port() {
    return web.port();
  }

  /** The panel's TLS certificate and key, as served now (its fingerprint is shown to the admin). */
  public Https https() {
    return https;
  }

  /** The one-time setup token, or null when an admin password is already set. */
  public String setupToken() {
    return setupToken;
  }

  /**
   * The owner-only file holding the setup token while no admin password is set, or null when one is set
   * (see {@link SetupTokenFile}).
   */
  public java.nio.file.Path setupTokenFile() {
    return setupToken == null ? null : setupTokenFile.path();
  }

  /** The draft configuration. */
  public ConfigStore configs() {
    return configs;
  }

  /** The admin account (restore from an encrypted backup may set its password hash). */
  public AdminStore admins() {
    return admins;
  }

  /** The record of what is applied. */
  public AppliedStore applied() {
    return applied;
  }

  /** The history of confirmed applies. */
  public RevisionStore revisions() {
    return revisions;
  }

  /** Apply with confirm-or-rollback. */
  public SafeApply safeApply() {
    return safeApply;
  }

  /** Messages waiting for the admin (rollbacks and the like). */
  public NoticeStore notices() {
    return notices;
  }

  /** The audit log. */
  public AuditStore audit() {
    return audit;
  }

  /** The door to the kernel. */
  public Applier applier() {
    return applier;
  }

  /**
   * Loads the last applied configuration again (or the draft, when nothing was ever applied): used where
   * the kernel starts empty, as in a fresh lab gateway.
   */
  public ApplyOutcome applyLastKnown() {
    Config c = applied.current().map(AppliedState::config).orElseGet(configs::load);
    Compilation compiled = RulesetCompiler.tryCompile(c, KernelTime.basis(clock));
    return compiled.ok() ? applier.apply(compiled.ruleset()) : ApplyOutcome.refused(compiled.problems());
  }

  /**
   * Everything that follows a confirmed apply (or a deliberate unconfirmed one), inside the apply lock.
   * Each step below is one line so that features plug in here side by side.
   */
  private void confirmed(AppliedState state, String admin, String note) {
    // revisions, the boot ruleset file and automatic backups hook in here
    revisionRecorder.confirmed(state, admin, note);
    askBounds.set(state.config().settings());
    saveForBoot(state);
    autoBackup.write(state);
    scheduleReload.replan();
    dns.reconcile(state.config());
  }

  /** The timer that reloads the applied configuration when the UTC offset of its schedules' zone changes. */
  public ScheduleReload scheduleReload() {
    return scheduleReload;
  }

  /**
   * Writes the confirmed ruleset (and what the safe ruleset needs) for {@code restore-boot}. The ruleset is in
   * force already, so a failure here is reported to the admin rather than undoing the apply.
   */
  private void saveForBoot(AppliedState state) {
    try {
      bootFiles.persist(state);
    } catch (IOException | RuntimeException e) {
      LOG.error("could not save the confirmed ruleset for the next boot in {}", bootFiles.dir(), e);
      notices.add(clock.instant(), Message.of("notice.boot_files_failed", String.valueOf(e.getMessage())), null);
    }
  }

  /**
   * Records in the history each temporary rule in force that has expired by now and was not recorded yet (the
   * expiry watch does this every {@link #EXPIRY_WATCH}); the new revisions' ids.
   */
  public List<Long> recordExpiries() {
    return expiries.recordExpired(clock.instant());
  }

  private void recordExpiriesQuietly() {
    try {
      List<Long> ids = recordExpiries();
      if (!ids.isEmpty()) {
        LOG.info("recorded {} expired temporary rule(s) as revision(s) {}", ids.size(), ids);
      }
    } catch (RuntimeException e) {
      LOG.warn("could not record expired temporary rules", e);
    }
  }

  /** Stops the web server and closes the database. The ruleset in the kernel stays as it is. */
  @Override
  public void close() {
    expiryWatch.shutdownNow();
    try {
      if (capture != null) {
        capture.close();
      }
      web.stop();
      dns.close();
    } finally {
      scheduleReload.close();
      safeApply.close();
      db.close();
    }
  }
}
