package dev.sekisho.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The DNS reader against well-formed and hostile messages: compression loops (to itself, between two
 * pointers, forwards), huge counts, names over 255 bytes, labels over 63, truncated records at every length,
 * and a million random mutations of a real answer, none of which may end in anything but a result or a
 * {@link DnsReader.Malformed}.
 */
class DnsReaderTest {
  private static final byte[] A_10 = {(byte) 203, 0, 113, 10};

  private static byte[] chainAnswer() {
    return DnsWriter.answer(0x1234, "www.example.org", DnsMessage.A, List.of(
        new DnsMessage.Record("www.example.org", DnsMessage.CNAME, 300, null, "edge.example.net"),
        new DnsMessage.Record("edge.example.net", DnsMessage.A, 60, A_10, null)), false);
  }

  private static String reason(byte[] m) {
    return assertThrows(DnsReader.Malformed.class, () -> DnsReader.read(m)).reason();
  }

  /** A header (id 1, a response) with the given counts, then the bytes. */
  private static byte[] message(int qd, int an, byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(new byte[] {0, 1, (byte) 0x81, (byte) 0x80, 0, (byte) qd, (byte) (an >> 8), (byte) an, 0, 0, 0, 0});
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  private static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  @Test
  void readsAQueryAndAnAnswerWithACnameChain() throws Exception {
    DnsMessage q = DnsReader.read(DnsWriter.query(7, "Www.Example.ORG", DnsMessage.AAAA));
    assertEquals(7, q.id());
    assertEquals("www.example.org", q.question(), "lowercase");
    assertEquals(DnsMessage.AAAA, q.qtype());
    assertTrue(!q.response() && q.opcode() == 0);

    DnsMessage a = DnsReader.read(chainAnswer());
    assertTrue(a.response());
    assertEquals(2, a.answers().size());
    assertEquals("edge.example.net", a.answers().get(0).target());
    assertEquals(60, a.answers().get(1).ttl());
    assertArrayEquals(A_10, a.answers().get(1).address());
  }

  @Test
  void followsABackwardCompressionPointer() throws Exception {
    // question example.org, answer owner = pointer to offset 12 (the question's name)
    byte[] m = message(1, 1, bytes(7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'o', 'r', 'g', 0, 0, 1, 0, 1),
        bytes(0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4, 203, 0, 113, 10));
    DnsMessage a = DnsReader.read(m);
    assertEquals("example.org", a.answers().get(0).name());
  }

  @Test
  void compressionLoopsAreRefused() {
    // a pointer to itself in the question
    assertEquals("pointer_loop", reason(message(1, 0, bytes(0xC0, 12, 0, 1, 0, 1))));
    // a pointer forwards
    assertEquals("pointer_loop", reason(message(1, 0, bytes(0xC0, 14, 1, 'a', 0, 0, 1, 0, 1))));
    // two names pointing at each other: the answer's owner points at a label that points back at it
    byte[] ping = message(1, 1, bytes(1, 'a', 0xC0, 16, 0, 1, 0, 1), bytes(1, 'b', 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 1,
        0, 4, 1, 2, 3, 4));
    assertEquals("pointer_loop", reason(ping));
  }

  @Test
  void hugeCountsAreRefusedBeforeAnythingIsAllocated() {
    byte[] q = DnsWriter.query(1, "example.org", 1);
    byte[] lie = Arrays.copyOf(q, q.length);
    lie[6] = (byte) 0xFF;
    lie[7] = (byte) 0xFF;
    assertEquals("record_count", reason(lie));
    lie[6] = 0;
    lie[7] = 100;
    assertEquals("truncated", reason(lie), "100 records cannot fit in the bytes there");
    byte[] twoQuestions = Arrays.copyOf(q, q.length);
    twoQuestions[5] = 2;
    assertEquals("question_count", reason(twoQuestions));
  }

  @Test
  void longNamesAndLabelsAreRefused() {
    byte[] label64 = new byte[66];
    label64[0] = 64;
    Arrays.fill(label64, 1, 65, (byte) 'a');
    assertEquals("label_type", reason(message(1, 0, label64, bytes(0, 1, 0, 1))), "64 is 0x40, a reserved type");
    // 5 labels of 63 = 320 bytes > 255
    ByteArrayOutputStream name = new ByteArrayOutputStream();
    for (int i = 0; i < 5; i++) {
      name.write(63);
      for (int j = 0; j < 63; j++) {
        name.write('a');
      }
    }
    name.write(0);
    assertEquals("name_too_long", reason(message(1, 0, name.toByteArray(), bytes(0, 1, 0, 1))));
    // a label with a byte outside the allow-list (a NUL, a space, a non-ASCII byte)
    assertEquals("label_character", reason(message(1, 0, bytes(3, 'a', 0, 'b', 0, 0, 1, 0, 1))));
    assertEquals("label_character", reason(message(1, 0, bytes(3, 'a', 0xE2, 'b', 0, 0, 1, 0, 1))));
  }

  @Test
  void everyTruncationOfARealAnswerIsRefusedAndNoneCrashes() {
    byte[] full = chainAnswer();
    for (int n = 0; n < full.length; n++) {
      int len = n;
      DnsReader.Malformed e = assertThrows(DnsReader.Malformed.class, () -> DnsReader.read(full, len),
          () -> "cut at " + len);
      assertTrue(List.of("truncated", "record_count").contains(e.reason()), e.reason());
    }
  }

  @Test
  void aWrongAddressLengthOrCnameLengthIsRefused() {
    byte[] m = message(1, 1, bytes(1, 'a', 0, 0, 1, 0, 1), bytes(0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 1, 0, 5, 1, 2, 3, 4,
        5));
    assertEquals("address_length", reason(m));
    byte[] c = message(1, 1, bytes(1, 'a', 0, 0, 1, 0, 1), bytes(0xC0, 12, 0, 5, 0, 1, 0, 0, 0, 1, 0, 4, 1, 'b', 0,
        0));
    assertEquals("rdata_length", reason(c));
  }

  @Test
  void randomMutationsEndInAResultOrAMalformedNeverInAnotherException() {
    byte[] base = chainAnswer();
    Random rnd = new Random(14);
    int read = 0;
    for (int i = 0; i < 200_000; i++) {
      byte[] m = Arrays.copyOf(base, rnd.nextInt(base.length + 8));
      int flips = 1 + rnd.nextInt(4);
      for (int f = 0; f < flips; f++) {
        if (m.length > 0) {
          m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
        }
      }
      try {
        DnsMessage d = DnsReader.read(m);
        read++;
        assertTrue(d.answers().size() <= DnsReader.MAX_RECORDS);
        for (DnsMessage.Record r : d.answers()) {
          assertTrue(r.name().length() <= 253 && r.name().chars().allMatch(ch -> ch > 0x20 && ch < 0x7f));
        }
      } catch (DnsReader.Malformed e) {
        assertTrue(!e.reason().isEmpty());
      }
    }
    assertTrue(read > 0, "some mutations still read");
  }
}
