package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.cli.Appliance;
import dev.sekisho.cli.LabMode;
import dev.sekisho.config.Action;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Rule;
import dev.sekisho.lab.KernelTest;
import dev.sekisho.lab.LabExtension;
import dev.sekisho.lab.LabHost;
import dev.sekisho.lab.LabNetwork;
import dev.sekisho.lab.LabSeed;
import dev.sekisho.lab.ProbeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Confirm-or-rollback proven with real packets: the panel runs in a lab gateway, the test's HTTP client
 * reaches it through the loopback forwarder (so every request enters the gateway from the LAN side, from the
 * laptop), and what the kernel does is checked with probes from the LAN hosts.
 */
@KernelTest
class SafeApplyKernelTest {
  static final String PASSWORD = LabExtension.PASSWORD;
  private static final Duration PROBE = Duration.ofSeconds(2);
  private static final Duration QUICK = Duration.ofMillis(300);
  private static final Pattern TOKEN = Pattern.compile("data-token=\"([^\"]+)\"");

  /** The panel in the lab gateway with {@link LabSeed#base()} applied, reached from the laptop. */
  @RegisterExtension
  final LabExtension fixture = LabExtension.lab().withAppliance(LabSeed.base());
  LabNetwork lab;
  Appliance app;
  Browser b;

  @BeforeEach
  void login() {
    lab = fixture.network();
    app = fixture.appliance();
    b = new Browser(fixture.forwarder().port(), app.https().current());
    Browser.Page login = b.postFrom("/login", "/login", Map.of("username", "admin", "password", PASSWORD));
    assertEquals("/", login.location(), "logged in through the LAN");
  }

  @Test
  void anApplyThatLocksTheAdminOutIsRolledBackAndTheOldConfigurationIsBack() {
    Config before = app.configs().load();
    AppliedState appliedBefore = app.applied().current().orElseThrow();
    // Anti-lockout off and a rule dropping everything from the admin's own machine: the panel is cut off.
    Config locking = before.withSettings(s -> s.withAntiLockout(false))
        .withRule(rule(1, LabSeed.LAPTOP, Protocol.ANY, Action.DENY, "laptop may do nothing"));
    app.configs().save(locking);

    b.get("/apply/preview");
    Browser.Page apply = b.post("/apply", Map.of("timeout", "10", "note", "locks me out"));
    assertEquals("/apply/pending", apply.location(), apply.body());
    Instant deadline = app.safeApply().waiting().orElseThrow().deadline();

    // Under the new rules the admin's machine cannot open a connection to the panel, so no confirmation.
    ProbeResult cut = lab.tcpConnect(LabHost.LAPTOP.role(), LabNetwork.GW_LAN_IP, LabMode.PANEL_PORT, PROBE);
    assertEquals(ProbeResult.Outcome.TIMEOUT, cut.outcome(), "the new rules cut the admin off: " + cut);
    assertTrue(lab.tcp(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_1, 80, PROBE).connected(),
        "other hosts are untouched by the laptop's rule");

    // Poll from the laptop until the panel answers again; bounded by the deadline plus a margin.
    Instant giveUp = deadline.plusSeconds(20);
    Instant back = null;
    while (Instant.now().isBefore(giveUp)) {
      if (lab.tcpConnect(LabHost.LAPTOP.role(), LabNetwork.GW_LAN_IP, LabMode.PANEL_PORT, QUICK).connected()) {
        back = Instant.now();
        break;
      }
      sleep(100);
    }
    assertTrue(back != null, "the panel never came back");
    Duration afterDeadline = Duration.between(deadline, back);
    System.out.println("[measure] rollback: panel reachable again " + afterDeadline.toMillis()
        + " ms after the confirmation deadline");
    assertFalse(afterDeadline.toMillis() < -500, "nothing may roll back before the deadline: " + afterDeadline);
    assertTrue(afterDeadline.compareTo(Duration.ofSeconds(5)) < 0, "rolled back within a few seconds: "
        + afterDeadline);

    assertTrue(app.safeApply().waiting().isEmpty());
    assertEquals(before, app.configs().load(), "the draft in the database is the old configuration");
    assertEquals(appliedBefore.ruleset(), app.applied().current().orElseThrow().ruleset());
    assertFalse(kernelTable().contains("laptop may do nothing"), "the locking rule is gone from the kernel");
    String home = b.get("/").body();
    assertTrue(home.contains("was rolled back because"), home);
    assertTrue(home.contains("locks me out") || home.contains("rolled back"), home);
  }

  @Test
  void aConfirmedApplyStaysAfterTheTimerWouldHaveFired() {
    app.configs().save(app.configs().load()
        .withRule(web(1, LabSeed.TABLET, "no web for the tablet")));
    b.get("/apply/preview");
    assertEquals("/apply/pending", b.post("/apply", Map.of("timeout", "10")).location());
    Instant deadline = app.safeApply().waiting().orElseThrow().deadline();
    assertEquals("/ruleset", confirm().location(), "confirmed over a new connection through the new rules");

    sleepUntil(deadline.plusSeconds(3));
    assertTrue(app.safeApply().waiting().isEmpty());
    assertEquals(ProbeResult.Outcome.REFUSED,
        lab.tcp(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_1, 80, PROBE).outcome(), "the rule is still in force");
    assertTrue(kernelTable().contains("no web for the tablet"));
    assertFalse(b.get("/").body().contains("was rolled back"), "no rollback notice");
  }

  @Test
  void aSecondApplyWhileOneWaitsIsRefusedAndTheFirstIsUnaffected() {
    Config first = app.configs().load()
        .withRule(web(1, LabSeed.TABLET, "first apply"));
    app.configs().save(first);
    b.get("/apply/preview");
    assertEquals("/apply/pending", b.post("/apply", Map.of("timeout", "60")).location());
    Instant deadline = app.safeApply().waiting().orElseThrow().deadline();
    String rulesetOfFirst = kernelTable();

    Browser.Page second = b.post("/apply", Map.of("timeout", "60"));
    assertEquals("/apply", second.location(), "refused, back to the apply page");
    assertTrue(b.get("/apply").body().contains("waiting for confirmation"), "with a clear message");
    Browser.Page now = b.post("/apply/now", Map.of("understood", "on"));
    assertFalse("/ruleset".equals(now.location()), "an unconfirmed apply is refused too");
    assertEquals(deadline, app.safeApply().waiting().orElseThrow().deadline(), "the first one still waits");
    assertEquals(rulesetOfFirst, kernelTable(), "the kernel is untouched by the refused applies");

    assertEquals("/ruleset", confirm().location());
    assertEquals(first, app.applied().current().orElseThrow().config());
    assertEquals(ProbeResult.Outcome.REFUSED,
        lab.tcp(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_1, 80, PROBE).outcome());
  }

  @Test
  void antiLockoutKeepsThePanelReachableWhenARuleDropsEverythingFromTheLan() {
    assertTrue(app.configs().load().settings().antiLockout(), "anti-lockout is on by default");
    app.configs().save(app.configs().load()
        .withRule(new Rule(1, null, null, Protocol.ANY, null, Action.DENY, false, new Comment("drop all"), true)));
    b.get("/apply/preview");
    assertEquals("/apply/pending", b.post("/apply", Map.of("timeout", "30")).location());
    assertEquals("/ruleset", confirm().location(), "the panel stays reachable, so the apply is confirmed");

    assertTrue(lab.tcpConnect(LabHost.LAPTOP.role(), LabNetwork.GW_LAN_IP, LabMode.PANEL_PORT, PROBE).connected());
    // Nothing listens on port 22 in the lab gateway: let through, the kernel answers with a reset; dropped by
    // the rule, nothing comes back.
    assertEquals(ProbeResult.Outcome.REFUSED,
        lab.tcpConnect(LabHost.PRINTER.role(), LabNetwork.GW_LAN_IP, 22, PROBE).outcome(),
        "SSH is covered by anti-lockout as well");
    // The rule is in force for everything else, to the gateway and through it.
    assertEquals(ProbeResult.Outcome.TIMEOUT,
        lab.tcp(LabHost.LAPTOP.role(), LabNetwork.INTERNET_IP_1, 80, PROBE).outcome());
    assertEquals(ProbeResult.Outcome.TIMEOUT,
        lab.udp(LabHost.LAPTOP.role(), LabNetwork.GW_LAN_IP, 53, PROBE).outcome());
  }

  @Test
  void rollingBackToAnOlderRevisionPutsItsRuleBackInForce() {
    Config first = app.configs().load().withRule(web(1, LabSeed.TABLET, "no web for the tablet"));
    app.configs().save(first);
    b.get("/apply/preview");
    assertEquals("/apply/pending", b.post("/apply", Map.of("timeout", "30", "note", "tablet off the web")).location());
    assertEquals("/ruleset", confirm().location());
    Config second = first.withRule(new Rule(1, LabSeed.TABLET, null, Protocol.TCP, PortRange.of(443), Action.REJECT,
        false, new Comment("no web for the tablet"), true));
    app.configs().save(second);
    b.get("/apply/preview");
    assertEquals("/apply/pending", b.post("/apply", Map.of("timeout", "30")).location());
    assertEquals("/ruleset", confirm().location());
    assertTrue(lab.tcp(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_1, 80, PROBE).connected(),
        "the second revision lets port 80 through");

    var list = app.revisions().list();
    assertEquals(2, list.size(), "one revision per confirmed apply");
    long older = list.get(1).id();
    long newer = list.get(0).id();
    String diff = b.get("/revisions/diff?from=" + older + "&to=" + newer).body();
    assertTrue(diff.contains("Rule #1 (no web for the tablet) changed: port 80 → 443"), diff);
    assertEquals(1, countOf(diff, "class=\"change change-"), "exactly one configuration change: " + diff);

    b.get("/revisions/" + older);
    Browser.Page rollback = b.post("/revisions/" + older + "/rollback", Map.of());
    assertTrue(rollback.location().startsWith("/apply/preview"), rollback.location());
    assertEquals(first, app.configs().load(), "the older revision is the draft");
    b.get(rollback.location());
    assertEquals("/apply/pending", b.post("/apply", Map.of("timeout", "30")).location());
    assertEquals("/ruleset", confirm().location());
    assertEquals(ProbeResult.Outcome.REFUSED,
        lab.tcp(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_1, 80, PROBE).outcome(), "port 80 is refused again");
    assertTrue(lab.tcp(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_1, 443, PROBE).connected());
    assertEquals(3, app.revisions().list().size(), "the rollback is a revision of its own");
  }

  private static int countOf(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  private Browser.Page confirm() {
    String page = b.get("/apply/pending").body();
    Matcher m = TOKEN.matcher(page);
    assertTrue(m.find(), "the waiting page carries the token: " + page);
    return b.post("/apply/confirm", Map.of("token", m.group(1)));
  }

  private String kernelTable() {
    return lab.exec(LabNetwork.ROLE_GW, "nft", "list", "table", "inet", "sekisho").stdout();
  }

  static Rule web(long id, long host, String comment) {
    return new Rule(id, host, null, Protocol.TCP, PortRange.of(80), Action.REJECT, false, new Comment(comment), true);
  }

  static Rule rule(long id, long host, Protocol p, Action a, String comment) {
    return new Rule(id, host, null, p, null, a, false, new Comment(comment), true);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static void sleepUntil(Instant t) {
    long ms = Duration.between(Instant.now(), t).toMillis();
    if (ms > 0) {
      sleep(ms);
    }
  }
}
