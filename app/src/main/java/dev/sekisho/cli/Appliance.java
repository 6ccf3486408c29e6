package dev.sekisho.cli;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.apply.Applier;
import dev.sekisho.apply.ApplyOutcome;
import dev.sekisho.apply.Nft;
import dev.sekisho.apply.RollbackTimer;
import dev.sekisho.apply.RulesetFile;
import dev.sekisho.apply.SafeApply;
import dev.sekisho.backup.AutoBackup;
import dev.sekisho.capture.CaptureService;
import dev.sekisho.config.Cidr;
import dev.sekisho.config.Config;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Role;
import dev.sekisho.store.AdminStore;
import dev.sekisho.store.AppliedStore;
import dev.sekisho.store.ConfigStore;
import dev.sekisho.store.Database;
import dev.sekisho.store.FirstStart;
import dev.sekisho.store.NoticeStore;
import dev.sekisho.store.PendingStore;
import dev.sekisho.store.RevisionRecorder;
import dev.sekisho.store.RevisionStore;
import dev.sekisho.web.WebApp;
import dev.sekisho.web.WebDeps;
import io.javalin.Javalin;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Sekisho: the data directory, the stores, the applier and the web panel, wired together.
 * The same wiring serves a real gateway and the lab; only the {@link Nft} door (which namespace) and where
 * the web server's socket is opened differ.
 */
public final class Appliance implements AutoCloseable {

  /**
   * How to build it.
   *
   * @param dataDir where the database lives
   * @param nft the door to the kernel's firewall
   * @param bootstrap the configuration to start with when the data directory is new (may be null)
   * @param adminPassword a password to set on first start instead of the setup page (may be null); see
   *     {@link FirstStart}
   * @param listenHost address the panel listens on
   * @param listenPort TCP port of the panel
   * @param capture how to capture live flows for the flows page, or null for no capture
   */
  public record Options(Path dataDir, Nft nft, Config bootstrap, String adminPassword, String listenHost,
      int listenPort, Capture capture) {

    /** Without live capture. */
    public Options(Path dataDir, Nft nft, Config bootstrap, String adminPassword, String listenHost,
        int listenPort) {
      this(dataDir, nft, bootstrap, adminPassword, listenHost, listenPort, null);
    }

    /** The same with live capture. */
    public Options withCapture(Capture c) {
      return new Options(dataDir, nft, bootstrap, adminPassword, listenHost, listenPort, c);
    }

    @Override
    public String toString() {
      return "Options[dataDir=" + dataDir + ", listen=" + listenHost + ":" + listenPort + "]";
    }
  }

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

  private final Options options;
  private final Database db;
  private final ConfigStore configs;
  private final AppliedStore applied;
  private final AdminStore admins;
  private final AutoBackup autoBackup = AutoBackup.fromEnvironment(System.getenv());
  private final RevisionStore revisions;
  private final RevisionRecorder revisionRecorder;
  private final Applier applier;
  private final SafeApply safeApply;
  private final NoticeStore notices;
  private final String setupToken;
  private final Javalin web;
  private final RulesetFile bootFiles;
  private final CaptureService capture;

  private Appliance(Options o) {
    this.options = o;
    this.bootFiles = new RulesetFile(o.dataDir());
    this.db = Database.open(o.dataDir());
    try {
      this.configs = new ConfigStore(db);
      this.applied = new AppliedStore(db);
      this.admins = new AdminStore(db);
      this.revisions = new RevisionStore(db);
      this.revisionRecorder = new RevisionRecorder(revisions);
      this.setupToken = FirstStart.run(configs, admins, o.bootstrap(), o.adminPassword());
      this.applier = new Applier(o.nft(), applied, Clock.systemDefaultZone());
      this.notices = new NoticeStore(db);
      this.safeApply = new SafeApply(applier, configs, applied, new PendingStore(db), notices,
          this::confirmed, Clock.systemDefaultZone(), RollbackTimer.daemon());
      // A half-confirmed apply must not survive a crash or a stop.
      safeApply.recoverAtStartup();
      this.capture = o.capture() == null ? null : capture(o.capture(), configs.load());
      this.web = WebApp.create(new WebDeps(configs, applied, admins, safeApply, notices, Clock.systemDefaultZone(),
          setupToken, revisions, capture));
    } catch (RuntimeException e) {
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
    List<Cidr> nets = lans.stream().filter(i -> i.address() != null).map(i -> i.address().subnet()).toList();
    return new CaptureService(CaptureService.Settings.defaults(name, nets), c.threads());
  }

  /** Opens the data directory and builds everything; the web server is not started yet. */
  public static Appliance open(Options o) {
    return new Appliance(o);
  }

  /**
   * Starts the web server, its listening socket opened on the calling thread (and its namespace), and the
   * live capture, if any, whose threads come from its own executor.
   */
  public Appliance start() {
    web.start(options.listenHost(), options.listenPort());
    if (capture != null) {
      capture.start();
    }
    return this;
  }

  /** The live capture, or null when there is none. */
  public CaptureService capture() {
    return capture;
  }

  /** The port the panel listens on (useful when 0 was asked for). */
  public int port() {
    return web.port();
  }

  /** The one-time setup token, or null when an admin password is already set. */
  public String setupToken() {
    return setupToken;
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
    return applier.apply(c);
  }

  /**
   * Everything that follows a confirmed apply (or a deliberate unconfirmed one), inside the apply lock.
   * Each step below is one line so that features plug in here side by side.
   */
  private void confirmed(AppliedState state, String admin, String note) {
    // revisions, the boot ruleset file and automatic backups hook in here
    revisionRecorder.confirmed(state, admin, note);
    saveForBoot(state);
    autoBackup.write(state);
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
      notices.add(Clock.systemDefaultZone().instant(), "The confirmed ruleset could not be saved for the next boot ("
          + e.getMessage() + "); after a reboot the gateway would start with an older or the safe ruleset.", null);
    }
  }

  /** Stops the web server and closes the database. The ruleset in the kernel stays as it is. */
  @Override
  public void close() {
    try {
      if (capture != null) {
        capture.close();
      }
      web.stop();
    } finally {
      safeApply.close();
      db.close();
    }
  }
}
