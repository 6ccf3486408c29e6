package dev.sekisho.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sekisho.backup.BackupCodec;
import dev.sekisho.config.TestConfigs;
import dev.sekisho.crypto.TestTrust;
import dev.sekisho.crypto.TlsFiles;
import dev.sekisho.crypto.TlsIdentity;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 6 of issue 9, under the heap the service really has: the appliance runs in a child JVM started with
 * the {@code -Xmx256m} of docker/sekisho.service, and is fed a crafted encrypted backup that asks for 256 MiB
 * of Argon2 memory, then a burst of backups that each need the 64 MiB Sekisho writes. The crafted one is
 * refused with a located message before any derivation; the burst queues on the shared hashing permits; no
 * request ends in an OutOfMemoryError and the process keeps serving.
 */
// "slow": real 64 MiB hashes or a forked JVM; the fast tier (-Pfast) leaves it out, CI runs it.
@Tag("slow")
class ShippedHeapTest {
  /** The heap of docker/sekisho.service and the Dockerfile. */
  static final String SHIPPED_HEAP = "-Xmx256m";
  private static final String PASSWORD = "correct horse battery staple";
  private static final String PASS = "a long backup passphrase";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BURST = 5;

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void aBackupAskingFor256MiBIsRefusedAndTheProcessKeepsServing() throws Exception {
    String shipped = Files.readString(Path.of("docker/sekisho.service"));
    assertTrue(shipped.contains("java " + SHIPPED_HEAP + " "), "the test uses the service's heap");
    Path log = dir.resolve("child.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, SHIPPED_HEAP, "-cp", System.getProperty("java.class.path"),
        ShippedHeapChild.class.getName(), dir.resolve("data").toString(), PASSWORD)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      int port = awaitPort(child, log);
      TlsIdentity tls = new TlsFiles(dir.resolve("data")).loadOrCreate(List.of(), Instant.now()).identity();
      Browser b = new Browser(port, tls);
      assertEquals(303, b.postFrom("/login", "/login", Map.of("username", "admin", "password", PASSWORD)).status());
      b.get("/backup");

      // What Sekisho writes (64 MiB), and the same file asking for 256 MiB; its tag no longer matches, but
      // before the bound the key derivation ran (and failed the heap) before the tag was ever checked.
      byte[] good = BackupCodec.writeEncrypted(TestConfigs.inBackupFixtures(), null, PASS, Instant.now());
      ObjectNode root = (ObjectNode) JSON.readTree(good);
      ((ObjectNode) root.get("encryption").get("kdf")).put("memoryKiB", 256 * 1024);
      byte[] crafted = JSON.writeValueAsBytes(root);

      long t0 = System.nanoTime();
      Answer refused = upload(port, tls, b, crafted, PASS);
      long refusedMillis = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(400, refused.status, refused.body);
      assertTrue(refused.body.contains("encryption.kdf.memoryKiB"), refused.body);
      assertTrue(refused.body.contains("at most 64 MiB"), refused.body);
      assertTrue(refusedMillis < 5_000, "refused before deriving, took " + refusedMillis + " ms");

      // A burst of real (64 MiB) derivations with a wrong passphrase: they queue on the shared permits.
      ExecutorService pool = Executors.newFixedThreadPool(BURST);
      List<Future<Answer>> burst = new ArrayList<>();
      List<Integer> statuses = new ArrayList<>();
      long b0 = System.nanoTime();
      try {
        for (int i = 0; i < BURST; i++) {
          burst.add(pool.submit(() -> upload(port, tls, b, good, "not the passphrase at all")));
        }
        for (Future<Answer> f : burst) {
          Answer a = f.get(100, TimeUnit.SECONDS);
          assertTrue(a.status == 400 && a.body.contains("wrong passphrase") || a.status == 503,
              a.status + " " + a.body);
          statuses.add(a.status);
        }
        // The measurement the issue asks for, in the test log.
        System.out.printf("-Xmx256m: crafted 256 MiB backup refused in %d ms; burst of %d 64 MiB derivations "
            + "answered %s in %d ms%n", refusedMillis, BURST, statuses, (System.nanoTime() - b0) / 1_000_000);
      } finally {
        pool.shutdownNow();
      }

      assertTrue(child.isAlive(), "the appliance process is still running");
      assertEquals(200, b.get("/backup").status(), "and still serving");
      Answer restored = upload(port, tls, b, good, PASS);
      assertEquals(303, restored.status, "a backup Sekisho wrote still restores: " + restored.body);
      assertEquals(200, b.get("/backup/restore/preview").status());
      String output = Files.readString(log);
      assertFalse(output.contains("OutOfMemoryError"), output);
      // A 503 from a permit that stayed busy is fine; one from a derivation that ran out of memory (what five
      // unbounded 64 MiB runs do in this heap: measured, two of five) means the permits did not hold.
      assertFalse(output.contains("not enough memory"), output);
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the child stopped");
    }
  }

  private static int awaitPort(Process child, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!child.isAlive()) {
        throw new AssertionError("the appliance did not start:\n" + Files.readString(log));
      }
      try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(log),
          StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (line.startsWith("PORT ")) {
            return Integer.parseInt(line.substring(5).trim());
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no PORT line in 60 s:\n" + Files.readString(log));
  }

  record Answer(int status, String body) {}

  /** A multipart restore upload with the browser's session and token (thread-safe: reads the browser only). */
  static Answer upload(int port, TlsIdentity tls, Browser b, byte[] file, String passphrase)
      throws IOException, InterruptedException {
    String boundary = "----sekisho" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, String> f : Map.of("_csrf", b.csrf, "passphrase", passphrase).entrySet()) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
          + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.json\""
        + "\r\nContent-Type: application/json\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(file);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    String cookies = b.cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("; "));
    HttpRequest r = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/backup/restore"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Cookie", cookies)
        .timeout(java.time.Duration.ofSeconds(90))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    HttpResponse<String> res = TestTrust.client(tls).followRedirects(HttpClient.Redirect.NEVER).build()
        .send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Answer(res.statusCode(), res.body());
  }
}
