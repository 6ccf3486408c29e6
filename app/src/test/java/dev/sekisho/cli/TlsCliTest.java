package dev.sekisho.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.apply.Nft;
import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.crypto.TlsFiles;
import dev.sekisho.crypto.TlsIdentity;
import dev.sekisho.store.AuditStore;
import dev.sekisho.store.Database;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsCliTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  @TempDir Path tmp;
  Path data;
  String storedBefore;

  @BeforeEach
  void aDataDirectoryWithItsFirstCertificate() throws Exception {
    data = Files.createDirectories(tmp.resolve("data"));
    new TlsFiles(data).loadOrCreate(List.of("127.0.0.1"), NOW);
    storedBefore = Files.readString(data.resolve(TlsFiles.CERT));
  }

  private int run(TlsIdentity cert, TlsIdentity key) throws Exception {
    Files.writeString(tmp.resolve("c.pem"), cert.certificatePem());
    Files.writeString(tmp.resolve("k.pem"), key.keyPem());
    return TlsCli.importPair(Map.of("data", data.toString(), "cert", tmp.resolve("c.pem").toString(),
        "key", tmp.resolve("k.pem").toString()), Map.of(), clock, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void aWrongKeyIsRefusedAndNothingChanges() throws Exception {
    TlsIdentity mine = TlsIdentity.selfSigned(List.of("fw.example.lan"), NOW);
    TlsIdentity other = TlsIdentity.selfSigned(List.of("fw.example.lan"), NOW);
    assertEquals(1, run(mine, other));
    assertTrue(err.toString().contains("k.pem: this key does not belong to the certificate"), err.toString());
    assertEquals(storedBefore, Files.readString(data.resolve(TlsFiles.CERT)));
  }

  @Test
  void aGoodPairIsInstalledAndUsedAtTheNextStart() throws Exception {
    TlsIdentity mine = TlsIdentity.selfSigned(List.of("fw.example.lan"), NOW);
    assertEquals(0, run(mine, mine), err.toString());
    assertTrue(out.toString().contains(mine.fingerprint()), out.toString());
    assertEquals(mine.fingerprint(), new TlsFiles(data).loadOrCreate(List.of("x"), NOW).identity().fingerprint());
    try (Database db = Database.open(data)) {
      List<AuditEvent> events = new AuditStore(db).all();
      assertEquals(1, events.size());
      assertEquals(AuditKind.CERTIFICATE_UPLOAD, events.get(0).kind());
      assertEquals("cli", events.get(0).user());
      assertTrue(events.get(0).detail().contains(mine.fingerprint()), events.get(0).detail());
    }
  }

  @Test
  void refusedWhileAServerHoldsTheDataDirectory() throws Exception {
    TlsIdentity mine = TlsIdentity.selfSigned(List.of("fw.example.lan"), NOW);
    try (Appliance running = TestAppliances.realTime().dataDir(data).nft((args, stdin) -> new Nft.NftResult(0, "", ""))
        .open()) {
      assertEquals(1, run(mine, mine));
      assertEquals(storedBefore, running.https().current().certificatePem());
    }
    assertTrue(err.toString().contains("stop the server first"), err.toString());
    assertEquals(storedBefore, Files.readString(data.resolve(TlsFiles.CERT)));
  }
}
