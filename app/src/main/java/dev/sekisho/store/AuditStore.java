package dev.sekisho.store;

import static dev.sekisho.store.db.Tables.AUDIT_LOG;
import static dev.sekisho.store.db.Tables.AUDIT_LOG_PRUNED;

import dev.sekisho.audit.AuditEvent;
import dev.sekisho.audit.AuditKind;
import dev.sekisho.audit.AuditSink;
import dev.sekisho.store.db.tables.records.AuditLogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: every event is written to the system log (the {@value #LOGGER} logger, one line each; the
 * service's output goes to the journal) and to the database, where only the newest {@link #bound()} are kept.
 * Each event beyond the bound prunes the oldest one, and the pruned events are counted, so the page can say
 * that older events existed.
 */
public final class AuditStore implements AuditSink {
  /** The slf4j logger the events are written to. */
  public static final String LOGGER = "sekisho.audit";
  /** How many events are kept by default. */
  public static final int DEFAULT_BOUND = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
  private static final Logger SELF = LoggerFactory.getLogger(AuditStore.class);

  private final Database db;
  private final int bound;

  /** A store over the given database keeping the newest {@value #DEFAULT_BOUND} events. */
  public AuditStore(Database db) {
    this(db, DEFAULT_BOUND);
  }

  /** A store over the given database keeping the newest {@code bound} events. */
  public AuditStore(Database db, int bound) {
    this.db = Objects.requireNonNull(db, "db");
    if (bound < 1) {
      throw new IllegalArgumentException("the bound must be at least 1");
    }
    this.bound = bound;
  }

  /** How many events are kept. */
  public int bound() {
    return bound;
  }

  /**
   * Logs and stores the event, pruning the oldest beyond the bound. The log line comes first, so the journal
   * has the event even when the database does not; a database failure is logged, never thrown, because
   * auditing must not stop a login or a rollback.
   */
  @Override
  public void record(AuditEvent e) {
    LOG.info(e.logLine());
    try {
      db.dsl().transaction(tx -> {
        tx.dsl().insertInto(AUDIT_LOG)
            .set(AUDIT_LOG.AT, e.at())
            .set(AUDIT_LOG.USERNAME, e.user())
            .set(AUDIT_LOG.SOURCE, e.source())
            .set(AUDIT_LOG.KIND, e.kind().name())
            .set(AUDIT_LOG.OUTCOME, e.outcome())
            .set(AUDIT_LOG.DETAIL, e.detail())
            .execute();
        Long oldestKept = tx.dsl().select(AUDIT_LOG.ID).from(AUDIT_LOG).orderBy(AUDIT_LOG.ID.desc())
            .limit(1).offset(bound - 1).fetchOne(AUDIT_LOG.ID);
        if (oldestKept != null) {
          int gone = tx.dsl().deleteFrom(AUDIT_LOG).where(AUDIT_LOG.ID.lt(oldestKept)).execute();
          if (gone > 0) {
            tx.dsl().update(AUDIT_LOG_PRUNED).set(AUDIT_LOG_PRUNED.PRUNED, AUDIT_LOG_PRUNED.PRUNED.plus(gone))
                .execute();
          }
        }
      });
    } catch (RuntimeException ex) {
      SELF.error("could not store the audit event ({}); it is in the system log only", e.kind().label(), ex);
    }
  }

  /** How many events were pruned to keep the bound, ever. */
  public long pruned() {
    Long n = db.dsl().select(AUDIT_LOG_PRUNED.PRUNED).from(AUDIT_LOG_PRUNED).fetchOne(AUDIT_LOG_PRUNED.PRUNED);
    return n == null ? 0 : n;
  }

  /** The events matching {@code q}, newest first, page {@code page} (from 0) of {@code size}. */
  public AuditPage find(AuditQuery q, int page, int size) {
    if (page < 0 || size < 1) {
      throw new IllegalArgumentException("page " + page + " of size " + size);
    }
    Condition where = condition(q);
    int total = db.dsl().fetchCount(AUDIT_LOG, where);
    List<AuditEvent> events = db.dsl().selectFrom(AUDIT_LOG).where(where).orderBy(AUDIT_LOG.ID.desc())
        .limit(size).offset((long) page * size).fetch(AuditStore::event);
    return new AuditPage(events, total, page, size);
  }

  /** Every kept event, oldest first (for backups). */
  public List<AuditEvent> all() {
    return new ArrayList<>(db.dsl().selectFrom(AUDIT_LOG).orderBy(AUDIT_LOG.ID).fetch(AuditStore::event));
  }

  private static Condition condition(AuditQuery q) {
    Condition c = DSL.noCondition();
    if (q.kind() != null) {
      c = c.and(AUDIT_LOG.KIND.eq(q.kind().name()));
    }
    if (q.text() != null) {
      String t = q.text().toLowerCase(Locale.ROOT);
      c = c.and(DSL.lower(AUDIT_LOG.USERNAME).contains(t).or(DSL.lower(AUDIT_LOG.SOURCE).contains(t))
          .or(DSL.lower(AUDIT_LOG.DETAIL).contains(t)));
    }
    if (q.from() != null) {
      c = c.and(AUDIT_LOG.AT.ge(q.from()));
    }
    if (q.to() != null) {
      c = c.and(AUDIT_LOG.AT.lt(q.to()));
    }
    return c;
  }

  private static AuditEvent event(AuditLogRecord r) {
    AuditKind kind;
    try {
      kind = AuditKind.valueOf(r.getKind());
    } catch (IllegalArgumentException e) {
      // Only a newer Sekisho writes kinds this one does not know; never written by this code.
      throw new IllegalStateException("unknown audit event kind " + r.getKind(), e);
    }
    return new AuditEvent(r.getAt(), r.getUsername(), r.getSource(), kind, r.getOutcome(), r.getDetail());
  }
}
