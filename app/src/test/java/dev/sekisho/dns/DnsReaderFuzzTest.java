package dev.sekisho.dns;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the DNS reader: any input ends in a message or a {@link DnsReader.Malformed};
 * any other exception, or a name that is not plain ASCII of at most 253 characters, is a finding. In the
 * ordinary test run Jazzer replays its corpus only; {@code JAZZER_FUZZ=1} explores.
 */
class DnsReaderFuzzTest {
  @FuzzTest(maxDuration = "5m")
  void readAnything(byte[] input) {
    try {
      DnsMessage m = DnsReader.read(input);
      assertTrue(m.question().length() <= 253);
      for (DnsMessage.Record r : m.answers()) {
        assertTrue(r.name().length() <= 253 && r.name().chars().allMatch(c -> c > 0x20 && c < 0x7f));
        assertTrue(r.address() == null || r.address().length == 4 || r.address().length == 16);
      }
    } catch (DnsReader.Malformed e) {
      assertTrue(!e.reason().isEmpty());
    }
  }
}
