package dev.sekisho.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.Applier;
import dev.sekisho.apply.Nft;
import dev.sekisho.apply.ProcessNft;
import dev.sekisho.cli.Appliance;
import dev.sekisho.cli.ApplianceBuilder;
import dev.sekisho.cli.LabMode;
import dev.sekisho.cli.TestAppliances;
import dev.sekisho.config.Config;
import dev.sekisho.store.AppliedStore;
import dev.sekisho.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lab for kernel tests: builds a {@link LabNetwork} and, when asked, what runs in its gateway namespace
 * (a panel stand-in, an {@link Applier}, or a whole Sekisho {@link Appliance} with the loopback forwarder from
 * the laptop), and removes all of it afterwards, also when the test or the set-up fails half-way; then checks
 * that none of the lab's namespaces is left. Every ruleset and sysctl goes to the lab's namespaces, never to
 * the machine's own.
 *
 * <p>On a static field it builds one lab for the class, on an instance field one per test:
 *
 * <pre>{@code
 * @KernelTest
 * class SomethingKernelTest {
 *   @RegisterExtension
 *   final LabExtension lab = LabExtension.lab().withAppliance(LabSeed.base());
 * }
 * }</pre>
 *
 * <p>{@link #openAppliance} is the one place the kernel and browser tests construct an {@link Appliance}.
 */
public final class LabExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
    AfterAllCallback {
  /** The admin password of an appliance built here. */
  public static final String PASSWORD = "a long lab password";

  private int standInPort = -1;
  private boolean withApplier;
  private Config seed;
  private String captureInterface;

  private boolean perClass;
  private LabNetwork network;
  private Path dataDir;
  private PanelStandIn standIn;
  private Database db;
  private Applier applier;
  private Appliance appliance;
  private LoopbackForwarder forwarder;

  private LabExtension() {}

  /** Only the lab network. */
  public static LabExtension lab() {
    return new LabExtension();
  }

  /** Adds a {@link PanelStandIn} on {@code port} in the gateway. */
  public LabExtension withPanelStandIn(int port) {
    this.standInPort = port;
    return this;
  }

  /** Adds an {@link Applier} on a fresh database whose nft runs in the gateway namespace. */
  public LabExtension withApplier() {
    this.withApplier = true;
    return this;
  }

  /**
   * Adds Sekisho as the gateway: an appliance on a fresh data directory started with {@code seed} and
   * {@link #PASSWORD}, its panel listening inside the gateway on {@link LabMode#PANEL_PORT}, its configuration
   * applied there, and a {@link #forwarder()} from the laptop to the panel.
   */
  public LabExtension withAppliance(Config seed) {
    this.seed = seed;
    return this;
  }

  /** The appliance also captures live flows on {@code lanInterface}, with threads in the gateway namespace. */
  public LabExtension capturingOn(String lanInterface) {
    this.captureInterface = lanInterface;
    return this;
  }

  /** The lab network. */
  public LabNetwork network() {
    return built(network);
  }

  /** The applier ({@link #withApplier()}). */
  public Applier applier() {
    return built(applier);
  }

  /** The running appliance ({@link #withAppliance}). */
  public Appliance appliance() {
    return built(appliance);
  }

  /** The forwarder from the laptop to the appliance's panel ({@link #withAppliance}). */
  public LoopbackForwarder forwarder() {
    return built(forwarder);
  }

  private static <T> T built(T part) {
    if (part == null) {
      throw new IllegalStateException("not built: ask for it when registering the LabExtension");
    }
    return part;
  }

  /**
   * Opens (does not start) an appliance on {@code data} whose nft goes through {@code nft}: the one place the
   * tests construct an {@link Appliance}, so a change of its API is adapted here.
   *
   * @param capture where the live capture runs, or null for none
   */
  public static Appliance openAppliance(Path data, Nft nft, Config seed, String password, String listenHost,
      int listenPort, Appliance.Capture capture) {
    return openAppliance(data, nft, seed, password, listenHost, listenPort, capture, null);
  }

  /** The same, with the DNS forwarder's threads from {@code dnsThreads} (null: the builder's default). */
  public static Appliance openAppliance(Path data, Nft nft, Config seed, String password, String listenHost,
      int listenPort, Appliance.Capture capture,
      java.util.function.Supplier<java.util.concurrent.ExecutorService> dnsThreads) {
    ApplianceBuilder b = TestAppliances.realTime().dataDir(data).nft(nft).bootstrap(seed).adminPassword(password)
        .listen(listenHost, listenPort);
    if (dnsThreads != null) {
      b.dnsThreads(dnsThreads);
    }
    return (capture == null ? b : b.capture(capture)).open();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    perClass = true;
    build();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (!perClass) {
      build();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (!perClass) {
      tearDown();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (perClass) {
      tearDown();
    }
  }

  private void build() throws Exception {
    KernelTests.assumeKernel();
    try {
      network = LabNetwork.create();
      LabNetwork lab = network;
      Nft gwNft = ProcessNft.inNamespace(lab.gwNamespaceName());
      if (standInPort >= 0) {
        standIn = PanelStandIn.open(lab, standInPort);
      }
      if (withApplier || seed != null) {
        dataDir = Files.createTempDirectory("sekisho-lab-");
      }
      if (withApplier) {
        db = Database.open(dataDir.resolve("applier"));
        applier = new Applier(gwNft, new AppliedStore(db), Clock.systemUTC());
      }
      if (seed != null) {
        Appliance.Capture capture = captureInterface == null ? null : new Appliance.Capture(captureInterface,
            () -> lab.namespace(LabNetwork.ROLE_GW).newExecutor("capture", 2));
        // On the LAN address, as a real gateway's panel; started, it loads the safe ruleset before listening.
        // the DNS forwarder (started once the settings name an upstream) listens inside the gateway too
        appliance = openAppliance(dataDir.resolve("data"), gwNft, seed, PASSWORD, LabNetwork.GW_LAN_IP,
            LabMode.PANEL_PORT, capture, () -> lab.namespace(LabNetwork.ROLE_GW).newExecutor("dns", 8));
        Appliance a = appliance;
        // Started on the gateway's thread, so the panel's listening socket is inside the gateway.
        lab.inGateway(a::start);
        assertTrue(a.applyLastKnown().ok(), "the seed configuration applies in the lab gateway");
        forwarder = lab.forward(LabHost.LAPTOP.role(), 0, LabNetwork.GW_LAN_IP, LabMode.PANEL_PORT);
      }
    } catch (Exception | AssertionError e) {
      try {
        tearDown();
      } catch (Exception | AssertionError again) {
        e.addSuppressed(again);
      }
      throw e;
    }
  }

  /** Closes in reverse order; every step runs even when an earlier one failed, the first failure is thrown. */
  private void tearDown() throws Exception {
    Throwable first = null;
    first = attempt(first, forwarder == null ? null : forwarder::close);
    first = attempt(first, appliance == null ? null : appliance::close);
    first = attempt(first, db == null ? null : db::close);
    first = attempt(first, standIn == null ? null : standIn::close);
    LabNetwork lab = network;
    first = attempt(first, lab == null ? null : () -> {
      lab.close();
      KernelTests.assertNoNamespacesWithPrefix(lab.prefix());
    });
    Path dir = dataDir;
    first = attempt(first, dir == null ? null : () -> deleteTree(dir));
    forwarder = null;
    appliance = null;
    applier = null;
    db = null;
    standIn = null;
    network = null;
    dataDir = null;
    if (first instanceof Exception e) {
      throw e;
    }
    if (first instanceof Error e) {
      throw e;
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private static Throwable attempt(Throwable first, Step step) {
    if (step == null) {
      return first;
    }
    try {
      step.run();
      return first;
    } catch (Exception | AssertionError e) {
      if (first == null) {
        return e;
      }
      first.addSuppressed(e);
      return first;
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
