package dev.sekisho.web;

import dev.sekisho.apply.ManualTimer;
import dev.sekisho.apply.SafeApply;
import dev.sekisho.capture.FlowSource;
import dev.sekisho.cli.Appliance;
import dev.sekisho.store.AdminStore;
import dev.sekisho.store.AppliedStore;
import dev.sekisho.store.ConfigStore;
import dev.sekisho.store.NoticeStore;
import dev.sekisho.store.RevisionStore;
import dev.sekisho.web.auth.MutableClock;
import dev.sekisho.crypto.TestTrust;
import dev.sekisho.crypto.TlsIdentity;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A running panel on a free port: the real {@link Appliance} over a temporary data directory, built with a
 * recording nft, a hand-moved clock and rollback timer, and optionally fixed flows, so the web tests exercise
 * the wiring the server uses rather than a copy of it.
 */
final class Harness implements AutoCloseable {
  static final Instant START = Instant.parse("2025-03-01T10:15:30Z");

  final FakeNft nft = new FakeNft();
  final MutableClock clock = new MutableClock(START);
  /** Fires the rollback deadlines when a test moves it (and the clock) forward. */
  final ManualTimer timer = new ManualTimer(clock);
  final Appliance appliance;
  final ConfigStore configs;
  final AppliedStore applied;
  final AdminStore admin;
  final NoticeStore notices;
  final SafeApply safeApply;
  final RevisionStore revisions;
  /** The one-time setup token the console would show. */
  final String token;
  final int port;

  Harness(Path dir) {
    this(dir, null);
  }

  /** The same, with a live flow source for the flows page (null: none). */
  Harness(Path dir, FlowSource flows) {
    appliance = Appliance.builder().dataDir(dir).nft(nft).clock(clock).environment(Map.of()).timer(timer)
        .flows(flows).open().start();
    configs = appliance.configs();
    applied = appliance.applied();
    admin = appliance.admins();
    notices = appliance.notices();
    safeApply = appliance.safeApply();
    revisions = appliance.revisions();
    token = appliance.setupToken();
    port = appliance.port();
    // The start put the safe ruleset in force (StartGuard); the tests count the nft calls their requests make.
    nft.calls.clear();
  }

  Browser browser() {
    return new Browser(port, tls());
  }

  /** The certificate the panel serves now. */
  TlsIdentity tls() {
    return appliance.https().current();
  }

  /** {@code https://127.0.0.1:PORT}. */
  String base() {
    return "https://127.0.0.1:" + port;
  }

  /** An HTTP client that trusts only this panel's certificate (HTTP/1.1, no redirects followed). */
  HttpClient http() {
    return TestTrust.client(tls()).build();
  }

  @Override
  public void close() {
    appliance.close();
  }
}
