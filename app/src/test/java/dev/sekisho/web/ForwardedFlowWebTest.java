package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.capture.Flow;
import dev.sekisho.capture.FlowKey;
import dev.sekisho.capture.FlowSnapshot;
import dev.sekisho.capture.IpAddress;
import dev.sekisho.capture.IpProtocols;
import dev.sekisho.capture.TcpState;
import dev.sekisho.config.Comment;
import dev.sekisho.config.Config;
import dev.sekisho.config.InterfaceAddress;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.PortForward;
import dev.sekisho.config.PortRange;
import dev.sekisho.config.Protocol;
import dev.sekisho.config.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A flow to a server that a port forward publishes shows the public side too, in the page and the stream. */
class ForwardedFlowWebTest extends WebTestBase {

  @Test
  void aForwardedFlowNamesItsForwardAndPublicAddress() {
    h.close();
    FakeFlows flows = new FakeFlows(Harness.START);
    Instant now = Harness.START;
    List<Flow> all = new ArrayList<>(flows.snapshot.flows());
    all.add(new Flow(new FlowKey(IpProtocols.TCP, FakeFlows.LAPTOP, 8000, IpAddress.parse("198.51.100.9"), 40000),
        0, 5, 500, 5, 5000, now.minusSeconds(20), now.minusSeconds(1), TcpState.ESTABLISHED, 10));
    FlowSnapshot s = flows.snapshot;
    flows.snapshot = new FlowSnapshot(s.takenAt(), all, s.hosts(), s.table(), s.parse(), s.kernel(), s.maxFlows(),
        s.internalErrors());
    h = new Harness(dir, flows);
    Config c = lan();
    c = c.withInterfaces(List.of(c.interfaces().get(0), new NetInterface("eth1", Role.WAN,
        InterfaceAddress.parse("198.51.100.2/24"))))
        .withForward(new PortForward(1, Protocol.TCP, PortRange.of(8443), 1L, null, 8000, List.of(), true, false,
            Comment.parse("laptop web"), true));
    h.configs.save(c);
    Browser b = loggedIn();
    String page = b.get("/flows").body();
    assertTrue(page.contains("published by forward #1 at 198.51.100.2:8443"), page);
    assertEquals(1, page.split("published by forward", -1).length - 1, "only the forwarded flow");
    String stream = b.get("/flows/stream").body();
    assertTrue(stream.contains("\"forwardedVia\":\"published by forward #1 at 198.51.100.2:8443\""), stream);
    b.acceptLanguage = "ja";
    assertTrue(b.get("/flows").body().contains("ポートフォワード #1 で 198.51.100.2:8443 に公開"));
    // a disabled forward publishes nothing
    h.configs.save(c.withForward(c.forward(1).orElseThrow().withEnabled(false)));
    assertFalse(b.get("/flows").body().contains("ポートフォワード #1"));
  }
}
