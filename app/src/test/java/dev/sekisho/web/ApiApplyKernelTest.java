package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.cli.Appliance;
import dev.sekisho.lab.KernelTest;
import dev.sekisho.lab.LabExtension;
import dev.sekisho.lab.LabHost;
import dev.sekisho.lab.LabNetwork;
import dev.sekisho.lab.LabSeed;
import dev.sekisho.lab.ProbeResult;
import dev.sekisho.store.ApiKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API's apply proven with real packets: Sekisho runs as the lab's gateway, the test's API client reaches it
 * through the loopback forwarder (so every request enters the gateway from the LAN, from the laptop, and the
 * confirmation's new connection goes through the new rules), and LAN hosts probe what the kernel does.
 */
@KernelTest
class ApiApplyKernelTest {
  private static final Duration PROBE = Duration.ofSeconds(2);

  @RegisterExtension
  final LabExtension fixture = LabExtension.lab().withAppliance(LabSeed.base());
  LabNetwork lab;
  Appliance app;
  ApiClient api;

  @BeforeEach
  void key() {
    lab = fixture.network();
    app = fixture.appliance();
    String key = new ApiKeys(app.apiKeys(), Clock.systemUTC()).create("lab", ApiKey.Scope.WRITE).key();
    api = new ApiClient(fixture.forwarder().port(), app.https().current(), key);
  }

  private String addDenyForTabletWebAndPreview() {
    ApiClient.Reply added = api.post("/api/v1/rules", Map.of("source", LabSeed.TABLET, "protocol", "tcp",
        "ports", "80", "action", "deny", "comment", "api: no web for the tablet"));
    assertEquals(201, added.status(), added.body());
    ApiClient.Reply preview = api.get("/api/v1/apply/preview");
    assertTrue(preview.json().get("rulesetDiff").textValue().contains("api: no web for the tablet"), preview.body());
    return preview.json().get("fingerprint").textValue();
  }

  @Test
  void aDenyRuleAppliedAndConfirmedOverTheApiDropsTheTabletsWebTraffic() {
    assertTrue(lab.tcp(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_1, 80, PROBE).connected(), "open before");
    String fp = addDenyForTabletWebAndPreview();
    ApiClient.Reply started = api.post("/api/v1/apply", Map.of("fingerprint", fp, "timeout", 30));
    assertEquals(202, started.status(), started.body());
    ApiClient.Reply confirmed = api.post("/api/v1/apply/confirm", Map.of("token",
        started.json().get("token").textValue()));
    assertEquals(200, confirmed.status(), "confirmed over a new connection through the new rules: "
        + confirmed.body());
    assertTrue(app.safeApply().waiting().isEmpty());

    assertEquals(ProbeResult.Outcome.TIMEOUT,
        lab.tcp(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_1, 80, PROBE).outcome(), "dropped by the new rule");
    assertTrue(lab.tcp(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_1, 443, PROBE).connected(), "443 still open");
    assertTrue(lab.tcp(LabHost.LAPTOP.role(), LabNetwork.INTERNET_IP_1, 80, PROBE).connected(), "laptop untouched");
    assertEquals("api:lab", app.revisions().list().get(0).admin());
  }

  @Test
  void anApiApplyThatIsNotConfirmedIsRolledBackAndThePacketsFlowAgain() {
    String fp = addDenyForTabletWebAndPreview();
    ApiClient.Reply started = api.post("/api/v1/apply", Map.of("fingerprint", fp, "timeout", 10));
    assertEquals(202, started.status(), started.body());
    Instant deadline = app.safeApply().waiting().orElseThrow().deadline();
    assertEquals(ProbeResult.Outcome.TIMEOUT,
        lab.tcp(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_1, 80, PROBE).outcome(), "in force while it waits");

    // No confirmation. Poll from the tablet until its web traffic flows again; bounded by the deadline + 20 s.
    Instant giveUp = deadline.plusSeconds(20);
    Instant back = null;
    while (Instant.now().isBefore(giveUp)) {
      if (lab.tcp(LabHost.TABLET.role(), LabNetwork.INTERNET_IP_1, 80, Duration.ofMillis(300)).connected()) {
        back = Instant.now();
        break;
      }
      SafeApplyKernelTest.sleep(100);
    }
    assertTrue(back != null, "the rollback never came");
    Duration after = Duration.between(deadline, back);
    System.out.println("[measure] API apply rollback: tablet's port 80 open again " + after.toMillis()
        + " ms after the deadline");
    assertFalse(after.toMillis() < -500, "nothing rolls back before the deadline: " + after);
    assertTrue(app.safeApply().waiting().isEmpty());
    assertFalse(app.applied().current().orElseThrow().ruleset().contains("api: no web for the tablet"));
    ApiClient.Reply late = api.post("/api/v1/apply/confirm", Map.of("token", started.json().get("token").textValue()));
    assertEquals(410, late.status(), "too late to confirm");
    assertTrue(app.revisions().list().isEmpty() || !app.revisions().list().get(0).admin().equals("api:lab"),
        "no revision from the lapsed apply");
  }
}
