package dev.sekisho.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.capture.CaptureException;
import dev.sekisho.capture.CaptureStatus;
import dev.sekisho.crypto.TestTrust;
import dev.sekisho.lab.KernelTest;
import dev.sekisho.lab.LabExtension;
import dev.sekisho.lab.LabSeed;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An appliance told to capture on an interface its gateway namespace does not have keeps serving the panel
 * and reports why the capture is not running (the page shows that status; see {@code FlowsWebTest}).
 */
@KernelTest
class LiveFlowsCaptureFailureKernelTest {
  @RegisterExtension
  final LabExtension fixture = LabExtension.lab().withAppliance(LabSeed.base()).capturingOn("lan9");

  @Test
  void aMissingInterfaceIsReportedNotACrash() throws Exception {
    Appliance app = fixture.appliance();
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (app.capture().status().state() != CaptureStatus.State.FAILED && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    CaptureStatus s = app.capture().status();
    assertEquals(CaptureStatus.State.FAILED, s.state(), s.toString());
    assertEquals(CaptureException.Reason.NO_SUCH_INTERFACE, s.reason(), s.toString());
    assertTrue(s.message().contains("lan9"), s.message());

    HttpResponse<String> login = TestTrust.client(app.https().current()).build().send(HttpRequest.newBuilder(
        URI.create(fixture.forwarder().httpsUrl() + "/login")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, login.statusCode(), "the panel still serves");
  }
}
