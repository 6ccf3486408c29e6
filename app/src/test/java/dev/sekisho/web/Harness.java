package dev.sekisho.web;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.apply.Applier;
import dev.sekisho.apply.ManualTimer;
import dev.sekisho.apply.SafeApply;
import dev.sekisho.capture.FlowSource;
import dev.sekisho.store.AdminStore;
import dev.sekisho.store.AppliedStore;
import dev.sekisho.store.ConfigStore;
import dev.sekisho.store.Database;
import dev.sekisho.store.NoticeStore;
import dev.sekisho.store.PendingStore;
import dev.sekisho.store.RevisionRecorder;
import dev.sekisho.store.RevisionStore;
import dev.sekisho.web.auth.MutableClock;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A running panel on a free port over a real store in a temporary directory, with a recording nft. */
final class Harness implements AutoCloseable {
  static final String TOKEN = "setup-token-for-tests-0123456789";
  static final Instant START = Instant.parse("2025-03-01T10:15:30Z");

  final Database db;
  final ConfigStore configs;
  final AppliedStore applied;
  final AdminStore admin;
  final FakeNft nft = new FakeNft();
  final MutableClock clock = new MutableClock(START);
  /** Fires the rollback deadlines when a test moves it (and the clock) forward. */
  final ManualTimer timer = new ManualTimer(clock);
  final NoticeStore notices;
  final SafeApply safeApply;
  final RevisionStore revisions;
  final List<AppliedState> confirmed = new CopyOnWriteArrayList<>();
  final Javalin app;
  final int port;

  Harness(Path dir) {
    this(dir, null);
  }

  /** The same, with a live flow source for the flows page (null: none). */
  Harness(Path dir, FlowSource flows) {
    db = Database.open(dir);
    configs = new ConfigStore(db);
    applied = new AppliedStore(db);
    admin = new AdminStore(db);
    Applier applier = new Applier(nft, applied, clock);
    notices = new NoticeStore(db);
    revisions = new RevisionStore(db);
    // The appliance's own revision step, so the tests exercise it rather than a copy.
    RevisionRecorder recorder = new RevisionRecorder(revisions);
    safeApply = new SafeApply(applier, configs, applied, new PendingStore(db), notices,
        (state, who, note) -> {
          confirmed.add(state);
          recorder.confirmed(state, who, note);
        }, clock, timer);
    app = WebApp.create(new WebDeps(configs, applied, admin, safeApply, notices, clock, TOKEN, revisions, flows))
        .start(0);
    port = app.port();
  }

  Browser browser() {
    return new Browser(port);
  }

  @Override
  public void close() {
    app.stop();
    safeApply.close();
    db.close();
  }
}
