package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.ApplyOutcome;
import dev.sekisho.cli.Appliance;
import dev.sekisho.config.Action;
import dev.sekisho.config.Config;
import dev.sekisho.config.Decision;
import dev.sekisho.config.Ipv4;
import dev.sekisho.config.Protocol;
import dev.sekisho.lab.KernelTest;
import dev.sekisho.lab.LabExtension;
import dev.sekisho.lab.LabHost;
import dev.sekisho.lab.LabNetwork;
import dev.sekisho.lab.LabSeed;
import dev.sekisho.lab.ProbeResult;
import dev.sekisho.store.ApiKey;
import dev.sekisho.store.PendingDecision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The decisions inbox with real packets: Sekisho runs as the lab's gateway with its live capture (and so its
 * blocked-traffic log) on {@code lan0}, the kids tablet in ask mode. A new connection of the tablet is refused
 * and shows up as a pending decision; an answer over the API is in force for the next connection without a
 * confirmation; an "allow once" ends on time in the kernel; "deny always" drops and stops asking.
 */
@KernelTest
class DecisionsKernelTest {
  private static final Duration PROBE = Duration.ofSeconds(2);
  private static final Duration SHORT = Duration.ofMillis(400);
  private static final int PORT = 40000;

  @RegisterExtension
  final LabExtension fixture = LabExtension.lab().withAppliance(tabletAsks())
      .capturingOn(LabNetwork.GW_LAN_IF);
  LabNetwork lab;
  Appliance app;
  ApiClient api;

  static Config tabletAsks() {
    Config c = LabSeed.base();
    return c.withHost(c.host(LabSeed.TABLET).orElseThrow().withAsk(true));
  }

  @BeforeEach
  void key() {
    lab = fixture.network();
    app = fixture.appliance();
    String key = new ApiKeys(app.apiKeys(), Clock.systemUTC()).create("lab", ApiKey.Scope.WRITE).key();
    api = new ApiClient(fixture.forwarder().port(), app.https().current(), key);
    assertTrue(await(Duration.ofSeconds(5), () -> app.capture().blockedStatus().running()),
        () -> "blocked log: " + app.capture().blockedStatus());
  }

  private ProbeResult tablet(String ip, int port, Duration timeout) {
    return lab.tcp(LabHost.TABLET.role(), ip, port, timeout);
  }

  private Optional<PendingDecision> pending(String ip, int port) {
    return app.pendingDecisions().all().stream().filter(p -> p.hostId() == LabSeed.TABLET
        && p.destination().toString().equals(ip) && p.port() == port && p.protocol() == Protocol.TCP).findFirst();
  }

  /** Blocks a new connection and waits for its pending decision; returns it and prints the latency. */
  private PendingDecision blockedAndAsked(String ip, int port) {
    Instant sent = Instant.now();
    ProbeResult blocked = tablet(ip, port, PROBE);
    assertEquals(ProbeResult.Outcome.REFUSED, blocked.outcome(), "ask mode refuses the new connection: " + blocked);
    assertTrue(await(Duration.ofSeconds(1), () -> pending(ip, port).isPresent()),
        () -> "the blocked connection is a pending decision within a second; blocked log "
            + app.capture().blockedCounters() + ", " + app.capture().blockedStatus() + ", nflog: "
            + lab.exec(LabNetwork.ROLE_GW, "cat", "/proc/net/netfilter/nfnetlink_log").stdout() + " "
            + lab.exec(LabNetwork.ROLE_GW, "cat", "/proc/net/netfilter/nf_log").stdout() + ", ruleset:\n"
            + lab.exec(LabNetwork.ROLE_GW, "nft", "list", "chain", "inet", "sekisho", "fwd_lan").stdout());
    Duration latency = Duration.between(sent, Instant.now());
    System.out.println("[measure] decisions inbox: blocked connection to " + ip + ":" + port
        + " -> pending decision in the store " + latency.toMillis() + " ms (probe included)");
    return pending(ip, port).orElseThrow();
  }

  /** Answers over the API and waits until a new connection passes; prints the latency. */
  private Duration answerAndConnect(PendingDecision p, String choice, String ip, int port) {
    Instant clicked = Instant.now();
    ApiClient.Reply r = api.post("/api/v1/decisions/" + p.id(), Map.of("choice", choice));
    Instant answered = Instant.now();
    assertEquals(200, r.status(), r.body());
    assertTrue(await(Duration.ofSeconds(1), () -> tablet(ip, port, SHORT).connected()),
        "the next connection passes within a second of the answer");
    Duration latency = Duration.between(clicked, Instant.now());
    System.out.println("[measure] decisions inbox: answer '" + choice + "' -> new connection through "
        + latency.toMillis() + " ms (API request " + Duration.between(clicked, answered).toMillis()
        + " ms of it, HTTPS connection included)");
    return latency;
  }

  @Test
  void askAllowOnceExpiresAndDenyAlwaysStopsAsking() {
    String net1 = LabNetwork.INTERNET_IP_1;
    String net2 = LabNetwork.INTERNET_IP_2;
    // the laptop is not in ask mode: the LAN default (allow) holds for it
    assertTrue(lab.tcp(LabHost.LAPTOP.role(), net1, PORT, PROBE).connected());
    assertTrue(app.pendingDecisions().all().isEmpty());

    // 1. blocked, asked, allowed for 1 h: the next connection passes without any apply
    PendingDecision first = blockedAndAsked(net1, PORT);
    ApiClient.Reply listed = api.get("/api/v1/decisions");
    assertEquals(200, listed.status());
    assertTrue(listed.body().contains(net1), listed.body());
    assertTrue(app.safeApply().waiting().isEmpty());
    answerAndConnect(first, "once", net1, PORT);
    assertTrue(pending(net1, PORT).isEmpty(), "answered: no longer pending");
    Decision once = app.applied().current().orElseThrow().config().decisions().get(0);
    assertEquals(Action.ALLOW, once.verdict());
    assertTrue(once.expires().isAfter(Instant.now().plus(Duration.ofMinutes(59))), "for an hour: " + once);
    assertTrue(app.configs().load().decisions().contains(once), "the draft has it too");
    assertEquals("api:lab", app.revisions().list().get(0).admin(), "a revision records who decided");
    assertTrue(lab.exec(LabNetwork.ROLE_GW, "nft", "list", "set", "inet", "sekisho", "ask_allow4").stdout()
        .contains(net1 + " . tcp . " + PORT), "the element is in the live set");

    // 2. an allow of a few seconds (as "allow once", shortened for the test) ends on time in the kernel
    PendingDecision second = blockedAndAsked(net2, PORT);
    Instant now = Instant.now();
    Decision brief = new Decision(99, LabSeed.TABLET, Ipv4.parse(net2), Protocol.TCP, PORT, Action.ALLOW,
        now.plusSeconds(3));
    ApplyOutcome put = DecisionService.put(app.safeApply(), brief, now, "test", "three seconds");
    assertTrue(put.ok(), () -> put.problems().toString());
    app.pendingDecisions().delete(second.id());
    assertTrue(await(Duration.ofSeconds(1), () -> tablet(net2, PORT, SHORT).connected()), "allowed at once");
    assertTrue(await(Duration.ofSeconds(5), () -> tablet(net2, PORT, SHORT).outcome()
        == ProbeResult.Outcome.REFUSED), "refused again once its time is up");
    Duration ended = Duration.between(brief.expires(), Instant.now());
    System.out.println("[measure] decisions inbox: a 3 s allow refused again " + ended.toMillis()
        + " ms after its end");
    assertTrue(ended.toMillis() > -500, "not before its end: " + ended);
    assertTrue(await(Duration.ofSeconds(1), () -> pending(net2, PORT).isPresent()), "and asked about again");

    // 3. deny always: dropped (no answer at all) and never asked again
    PendingDecision third = pending(net2, PORT).orElseThrow();
    ApiClient.Reply denied = api.post("/api/v1/decisions/" + third.id(), Map.of("choice", "deny"));
    assertEquals(200, denied.status(), denied.body());
    assertTrue(pending(net2, PORT).isEmpty());
    assertEquals(ProbeResult.Outcome.TIMEOUT, tablet(net2, PORT, Duration.ofSeconds(1)).outcome(), "dropped");
    sleep(1000);
    assertTrue(pending(net2, PORT).isEmpty(), "denied always: not asked again");
    // the first destination is still allowed, and other hosts were never touched
    assertTrue(tablet(net1, PORT, PROBE).connected());
    assertTrue(lab.tcp(LabHost.LAPTOP.role(), net2, PORT, PROBE).connected());
    assertTrue(app.safeApply().waiting().isEmpty(), "no confirmation cycle was started");

    // the explain tool says what the packets showed: allowed by a decision, denied by one, asked about
    dev.sekisho.config.Config inForce = app.applied().current().orElseThrow().config();
    assertEquals(dev.sekisho.config.Explanation.Code.DECISION_ALLOWS, explain(inForce, net1, PORT).decidedBy().code());
    assertEquals(dev.sekisho.config.Explanation.Code.DECISION_DENIES, explain(inForce, net2, PORT).decidedBy().code());
    dev.sekisho.config.Explanation other = explain(inForce, net2, 443);
    assertEquals(dev.sekisho.config.Explanation.Code.ASK_MODE, other.decidedBy().code());
    assertEquals(dev.sekisho.config.Explanation.Verdict.REJECT, other.verdict());
    assertEquals(ProbeResult.Outcome.REFUSED, tablet(net2, 443, PROBE).outcome(), "refused (a server listens there), as explained");
  }

  private static dev.sekisho.config.Explanation explain(dev.sekisho.config.Config c, String dst, int port) {
    return new dev.sekisho.config.Explain(c).explain(new dev.sekisho.config.Explain.Query(
        dev.sekisho.config.IpAddr.parse(LabHost.TABLET.ip()), dev.sekisho.config.Mac.parse(LabHost.TABLET.mac()),
        dev.sekisho.config.IpAddr.parse(dst), dev.sekisho.config.FirstMatch.TCP, port,
        dev.sekisho.config.Explain.Direction.FORWARD));
  }

  @Test
  void aFullReapplyKeepsTheDecisionsAndTheirRemainingTime() {
    PendingDecision p = blockedAndAsked(LabNetwork.INTERNET_IP_1, PORT);
    answerAndConnect(p, "once", LabNetwork.INTERNET_IP_1, PORT);
    sleep(1200);
    // the whole table loaded again from the stored configuration
    assertTrue(app.applyLastKnown().ok());
    assertTrue(tablet(LabNetwork.INTERNET_IP_1, PORT, PROBE).connected(), "still allowed after a full load");
    String set = lab.exec(LabNetwork.ROLE_GW, "nft", "list", "set", "inet", "sekisho", "ask_allow4").stdout();
    assertTrue(set.contains("timeout 59m5") || set.contains("timeout 59m4"), "the remaining time, not a new hour: "
        + set);
  }

  @Test
  void withUnknownDevicesAskAStrangerIsBlockedAndWaitsInTheInbox() throws Exception {
    Config c = app.applied().current().orElseThrow().config()
        .withSettings(x -> x.withUnknownDevices(dev.sekisho.config.UnknownDevices.ASK));
    app.configs().save(c);
    ApplyOutcome o = app.safeApply().applyUnconfirmed(dev.sekisho.ruleset.RulesetCompiler.tryCompile(c,
        Instant.now()), "test", "unknown devices: ask");
    assertTrue(o.ok(), () -> o.problems().toString());
    String role = LabHost.PRINTER.role();
    String mac = "02:5e:6b:00:01:99";
    String ip = "192.168.77.99";
    lab.exec(role, "ip", "link", "set", LabNetwork.HOST_IF, "address", mac).requireOk();
    lab.exec(role, "ip", "addr", "add", ip + "/24", "dev", LabNetwork.HOST_IF).requireOk();
    try {
      Instant sent = Instant.now();
      String outcome = lab.in(role, () -> {
        try (java.net.Socket s = new java.net.Socket()) {
          s.bind(new java.net.InetSocketAddress(ip, 0));
          s.connect(new java.net.InetSocketAddress(LabNetwork.INTERNET_IP_1, PORT), 1500);
          return "connected";
        } catch (java.net.ConnectException e) {
          return "refused";
        } catch (java.io.IOException e) {
          return e.toString();
        }
      });
      assertEquals("refused", outcome, "the stranger escapes nothing: refused");
      assertTrue(await(Duration.ofSeconds(1), () -> app.pendingDecisions().all().stream()
          .anyMatch(p -> p.unknownDevice() && p.destination().toString().equals(ip) && mac.equals(p.mac()))),
          () -> "the new device waits in the inbox: " + app.pendingDecisions().all());
      System.out.println("[measure] decisions inbox: unknown device " + mac + "/" + ip + " blocked -> pending "
          + Duration.between(sent, Instant.now()).toMillis() + " ms");
      PendingDecision p = app.pendingDecisions().all().stream().filter(PendingDecision::unknownDevice).findFirst()
          .orElseThrow();
      ApiClient.Reply once = api.post("/api/v1/decisions/" + p.id(), Map.of("choice", "once"));
      assertEquals(409, once.status(), "an unknown device is registered as a host, not allowed by a decision");
      assertTrue(api.get("/api/v1/decisions").body().contains("\"mac\":\"" + mac + "\""));
    } finally {
      lab.exec(role, "ip", "addr", "del", ip + "/24", "dev", LabNetwork.HOST_IF);
      lab.exec(role, "ip", "link", "set", LabNetwork.HOST_IF, "address", LabHost.PRINTER.mac()).requireOk();
      lab.exec(LabNetwork.ROLE_GW, "ip", "neigh", "flush", "dev", LabNetwork.GW_LAN_IF);
    }
  }

  static boolean await(Duration max, BooleanSupplier done) {
    Instant end = Instant.now().plus(max);
    while (true) {
      if (done.getAsBoolean()) {
        return true;
      }
      if (Instant.now().isAfter(end)) {
        return false;
      }
      sleep(50);
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
