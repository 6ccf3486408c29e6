package dev.sekisho.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.ProcessNft;
import dev.sekisho.capture.CaptureException;
import dev.sekisho.capture.CaptureStatus;
import dev.sekisho.lab.KernelTests;
import dev.sekisho.lab.LabHost;
import dev.sekisho.lab.LabNetwork;
import dev.sekisho.lab.LabSeed;
import dev.sekisho.lab.LoopbackForwarder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An appliance told to capture on an interface its gateway namespace does not have keeps serving the panel
 * and reports why the capture is not running (the page shows that status; see {@code FlowsWebTest}).
 */
@Tag("kernel")
class LiveFlowsCaptureFailureLabTest {
  @TempDir
  Path tmp;

  @Test
  void aMissingInterfaceIsReportedNotACrash() throws Exception {
    KernelTests.assumeKernel();
    LabNetwork lab = LabNetwork.create();
    Appliance app = null;
    LoopbackForwarder forwarder = null;
    try {
      app = Appliance.open(new Appliance.Options(tmp.resolve("data"),
          ProcessNft.inNamespace(lab.gwNamespaceName()), LabSeed.base(), "a long lab password", "0.0.0.0",
          LabMode.PANEL_PORT)
          .withCapture(new Appliance.Capture("lan9",
              () -> lab.namespace(LabNetwork.ROLE_GW).newExecutor("capture", 2))));
      Appliance a = app;
      lab.inGateway(a::start);
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (app.capture().status().state() != CaptureStatus.State.FAILED && System.nanoTime() < until) {
        Thread.sleep(50);
      }
      CaptureStatus s = app.capture().status();
      assertEquals(CaptureStatus.State.FAILED, s.state(), s.toString());
      assertEquals(CaptureException.Reason.NO_SUCH_INTERFACE, s.reason(), s.toString());
      assertTrue(s.message().contains("lan9"), s.message());

      forwarder = lab.forward(LabHost.LAPTOP.role(), 0, LabNetwork.GW_LAN_IP, LabMode.PANEL_PORT);
      HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(forwarder.httpUrl() + "/login")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, login.statusCode(), "the panel still serves");
    } finally {
      if (forwarder != null) {
        forwarder.close();
      }
      if (app != null) {
        app.close();
      }
      lab.close();
    }
  }
}
