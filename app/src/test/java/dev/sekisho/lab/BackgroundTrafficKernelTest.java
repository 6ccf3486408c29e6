package dev.sekisho.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The optional traffic generator produces bounded traffic and stops by itself. */
@KernelTest
class BackgroundTrafficKernelTest {

  @RegisterExtension
  final LabExtension fixture = LabExtension.lab();
  private LabNetwork lab;

  @BeforeEach
  void setUp() {
    lab = fixture.network();
  }

  @Test
  void offByDefaultThenBoundedByCount() throws Exception {
    Thread.sleep(300);
    assertEquals(0, lab.serverAnswers(), "no traffic unless asked for");
    lab.execWithInput(LabNetwork.ROLE_GW, "table inet t { chain p { type nat hook postrouting"
        + " priority srcnat; oifname \"wan0\" masquerade; }; }", "nft", "-f", "-").requireOk();
    lab.startBackgroundTraffic(Duration.ofMillis(150), 12, Duration.ofSeconds(20));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (lab.backgroundExchanges() < 12 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(12, lab.backgroundExchanges());
    Thread.sleep(500);
    assertEquals(12, lab.backgroundExchanges(), "generator must stop at its limit");
    assertTrue(lab.serverAnswers() > 0, "servers saw the generated traffic");
    assertTrue(lab.serverAnswers() <= 12);
  }
}
