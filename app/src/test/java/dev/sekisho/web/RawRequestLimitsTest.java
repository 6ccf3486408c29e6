package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.backup.BackupFormat;
import dev.sekisho.crypto.TestTrust;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests only a hand-made client sends, over a raw socket (bounded in bytes and time): a chunked upload
 * over the limit, and the requests Jetty itself refuses before the panel sees them (a URI too long, headers
 * too large, a malformed request line). Each must get its proper status, and Jetty's own error answers must
 * carry the same security headers as the panel's pages.
 */
class RawRequestLimitsTest extends WebTestBase {

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aChunkedUploadOverTheLimitIsRefusedWith413() throws Exception {
    h.configs.save(lan());
    Browser b = loggedIn();
    b.get("/backup");
    String cookies = b.cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("; "));
    String head = "POST /backup/restore HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: multipart/form-data; boundary=x\r\nTransfer-Encoding: chunked\r\n"
        + "Cookie: " + cookies + "\r\n\r\n";
    // The form as a browser would send it, the file part growing past the limit; at most 2 MiB beyond it.
    String start = "--x\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + b.csrf + "\r\n"
        + "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.json\"\r\n"
        + "Content-Type: application/json\r\n\r\n";
    long limit = BackupController.MAX_UPLOAD_REQUEST + 2 * 1024 * 1024;
    String answer = exchange(head, out -> {
      chunk(out, start.getBytes(StandardCharsets.US_ASCII));
      byte[] piece = new byte[64 * 1024];
      Arrays.fill(piece, (byte) 'a');
      for (long sent = 0; sent < limit; sent += piece.length) {
        chunk(out, piece);
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    });
    assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
    assertTrue(answer.contains("at most " + BackupFormat.MAX_BYTES + " bytes"), answer);
    assertEquals(lan(), h.configs.load());
    assertEquals(200, b.get("/backup").status(), "the session is fine afterwards");
    assertEquals("/backup", b.get("/backup/restore/preview").location(), "nothing is waiting to be restored");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void jettysOwnErrorAnswersCarryTheSecurityHeaders() throws Exception {
    String longUri = "GET /" + "a".repeat(16 * 1024) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    assertSecured(exchange(longUri, out -> { }), 414);
    String bigHeaders = "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: " + "b".repeat(16 * 1024)
        + "\r\n\r\n";
    assertSecured(exchange(bigHeaders, out -> { }), 431);
    String malformed = "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nNo colon in this header\r\n\r\n";
    assertSecured(exchange(malformed, out -> { }), 400);
    // And the panel's own pages still carry the same set.
    Browser.Page login = h.browser().get("/setup");
    for (String name : SecurityHeaders.PAGE.keySet()) {
      assertEquals(SecurityHeaders.PAGE.get(name), login.header(name), name);
    }
  }

  private static void assertSecured(String answer, int status) {
    assertTrue(answer.startsWith("HTTP/1.1 " + status + " "), answer);
    String head = answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n"))).toLowerCase();
    for (var e : SecurityHeaders.PAGE.entrySet()) {
      assertTrue(head.contains("\r\n" + e.getKey().toLowerCase() + ": " + e.getValue().toLowerCase()),
          status + " lacks " + e.getKey() + ":\n" + answer);
    }
    assertTrue(head.contains("no-store"), answer);
    assertTrue(!answer.contains("at org.eclipse") && !answer.contains("Caused by"), "no stack: " + answer);
  }

  // ---- helpers ----

  interface Body {
    void write(OutputStream out) throws IOException;
  }

  private static void chunk(OutputStream out, byte[] data) throws IOException {
    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Sends {@code head} and then the body from another thread, while this one reads the answer as it comes:
   * the server may answer and close before the body is all sent, and the answer must not be lost to the
   * reset that follows.
   */
  String exchange(String head, Body body) throws Exception {
    try (Socket s = TestTrust.socket(h.tls(), "127.0.0.1", h.port)) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      Thread writer = new Thread(() -> {
        try {
          body.write(out);
          out.flush();
        } catch (IOException e) {
          // The server stopped reading: expected when it refuses early.
        }
      }, "raw-writer");
      writer.setDaemon(true);
      writer.start();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n = in.read(buf); n > 0 && got.size() < 256 * 1024; n = in.read(buf)) {
          got.write(buf, 0, n);
          if (complete(got.toString(StandardCharsets.ISO_8859_1))) {
            break;
          }
        }
      } catch (SocketException e) {
        // A reset after the answer: what was read is the answer.
      }
      writer.join(10_000);
      return got.toString(StandardCharsets.UTF_8);
    }
  }

  /** True once the head and a body of the announced length have arrived. */
  private static boolean complete(String text) {
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    for (String line : text.substring(0, end).split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        return text.length() - end - 4 >= Integer.parseInt(line.substring(15).trim());
      }
    }
    return false;
  }
}
