package dev.sekisho.store;

import static dev.sekisho.store.db.Tables.PENDING_DECISIONS;
import static dev.sekisho.store.db.Tables.PENDING_DECISIONS_DROPPED;

import dev.sekisho.config.IpAddr;
import dev.sekisho.config.Protocol;
import dev.sekisho.store.db.tables.records.PendingDecisionsRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * The pending decisions of the decisions inbox: runtime data (not part of the configuration, not backed up),
 * one row per host, destination, protocol and port. Bounded: a new question beyond {@code maxPerHost} for its
 * host or {@code maxTotal} in all pushes out the least recently seen one (of that host, or of any), and every
 * one pushed out is counted, so a host that floods new destinations cannot grow the table; a question already
 * pending only has its count and last-seen time updated.
 *
 * <p>Its methods are synchronized: the blocked-traffic thread writes while the panel reads and deletes, and a
 * bound must be checked and kept in one step.
 */
public final class PendingDecisionStore {
  private final Database db;

  /** A store over the given database. */
  public PendingDecisionStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /**
   * Records one blocked connection: a new pending decision, or one more hit of the same question.
   *
   * @param domain a name known for the destination, or null
   * @param maxPerHost at most this many pending decisions for the host afterwards
   * @param maxTotal at most this many in all afterwards
   * @return the pending decision as it is now
   */
  public synchronized PendingDecision record(long hostId, IpAddr destination, Protocol protocol, int port,
      String domain, Instant at, int maxPerHost, int maxTotal) {
    return record(hostId, destination, protocol, port, domain, null, at, maxPerHost, maxTotal);
  }

  /**
   * Records a new connection of an unknown device (the unknown-devices policy "ask"): one pending decision per
   * device address, its MAC the latest seen; bounded like a host's (all unknown devices count as one host).
   *
   * @param mac the device's MAC as text ({@code 02:5e:…}), from the kernel's log record
   */
  public synchronized PendingDecision recordUnknown(IpAddr address, String mac, Instant at, int maxPerHost,
      int maxTotal) {
    return record(PendingDecision.UNKNOWN_DEVICE, address, Protocol.TCP, 0, null, mac, at, maxPerHost, maxTotal);
  }

  private PendingDecision record(long hostId, IpAddr destination, Protocol protocol, int port, String domain,
      String mac, Instant at, int maxPerHost, int maxTotal) {
    return db.dsl().transactionResult(tx -> {
      DSLContext dsl = tx.dsl();
      String dst = destination.toString();
      PendingDecisionsRecord r = dsl.selectFrom(PENDING_DECISIONS).where(PENDING_DECISIONS.HOST_ID.eq(hostId)
          .and(PENDING_DECISIONS.DESTINATION.eq(dst)).and(PENDING_DECISIONS.PROTOCOL.eq(protocol.label()))
          .and(PENDING_DECISIONS.PORT.eq(port))).fetchOne();
      if (r != null) {
        r.setHits(r.getHits() + 1);
        r.setLastSeen(at.isAfter(r.getLastSeen()) ? at : r.getLastSeen());
        if (domain != null && r.getDomain() == null) {
          r.setDomain(cut(domain));
        }
        if (mac != null) {
          r.setMac(mac);
        }
        r.store();
        return of(r);
      }
      // make room first, so the table never holds more than the bounds, not even for a moment
      int dropped = trim(dsl, PENDING_DECISIONS.HOST_ID.eq(hostId), maxPerHost - 1)
          + trim(dsl, org.jooq.impl.DSL.noCondition(), maxTotal - 1);
      if (dropped > 0) {
        dsl.update(PENDING_DECISIONS_DROPPED).set(PENDING_DECISIONS_DROPPED.DROPPED,
            PENDING_DECISIONS_DROPPED.DROPPED.plus((long) dropped)).execute();
      }
      PendingDecisionsRecord n = dsl.newRecord(PENDING_DECISIONS);
      n.setHostId(hostId);
      n.setDestination(dst);
      n.setProtocol(protocol.label());
      n.setPort(port);
      n.setDomain(domain == null ? null : cut(domain));
      n.setFirstSeen(at);
      n.setLastSeen(at);
      n.setHits(1L);
      n.setMac(mac);
      n.store();
      return of(n);
    });
  }

  /** Deletes the least recently seen rows matching {@code where} until at most {@code keep} are left. */
  private static int trim(DSLContext dsl, org.jooq.Condition where, int keep) {
    int have = dsl.fetchCount(PENDING_DECISIONS, where);
    if (have <= keep) {
      return 0;
    }
    List<Long> oldest = dsl.select(PENDING_DECISIONS.ID).from(PENDING_DECISIONS).where(where)
        .orderBy(PENDING_DECISIONS.LAST_SEEN, PENDING_DECISIONS.ID).limit(have - Math.max(0, keep))
        .fetch(PENDING_DECISIONS.ID);
    return dsl.deleteFrom(PENDING_DECISIONS).where(PENDING_DECISIONS.ID.in(oldest)).execute();
  }

  private static String cut(String domain) {
    return domain.length() > 253 ? domain.substring(0, 253) : domain;
  }

  /** Every pending decision, grouped by host (by host id), the most recently seen first within a host. */
  public synchronized List<PendingDecision> all() {
    return db.dsl().selectFrom(PENDING_DECISIONS)
        .orderBy(PENDING_DECISIONS.HOST_ID, PENDING_DECISIONS.LAST_SEEN.desc(), PENDING_DECISIONS.ID.desc())
        .fetch(PendingDecisionStore::of);
  }

  /** The pending decision with this id, if it is still there. */
  public synchronized Optional<PendingDecision> get(long id) {
    return db.dsl().selectFrom(PENDING_DECISIONS).where(PENDING_DECISIONS.ID.eq(id)).fetchOptional()
        .map(PendingDecisionStore::of);
  }

  /** How many are pending. */
  public synchronized int count() {
    return db.dsl().fetchCount(PENDING_DECISIONS);
  }

  /** How many were dropped to keep the bounds, since the database was made. */
  public synchronized long dropped() {
    Long d = db.dsl().select(PENDING_DECISIONS_DROPPED.DROPPED).from(PENDING_DECISIONS_DROPPED).fetchOne(
        PENDING_DECISIONS_DROPPED.DROPPED);
    return d == null ? 0 : d;
  }

  /** Removes one (answered or dismissed); false when it was not there. */
  public synchronized boolean delete(long id) {
    return db.dsl().deleteFrom(PENDING_DECISIONS).where(PENDING_DECISIONS.ID.eq(id)).execute() > 0;
  }

  /** Removes the question about this host, destination, protocol and port, if pending. */
  public synchronized void deleteKey(long hostId, IpAddr destination, Protocol protocol, int port) {
    db.dsl().deleteFrom(PENDING_DECISIONS).where(PENDING_DECISIONS.HOST_ID.eq(hostId)
        .and(PENDING_DECISIONS.DESTINATION.eq(destination.toString()))
        .and(PENDING_DECISIONS.PROTOCOL.eq(protocol.label())).and(PENDING_DECISIONS.PORT.eq(port))).execute();
  }

  private static PendingDecision of(PendingDecisionsRecord r) {
    return new PendingDecision(r.getId(), r.getHostId(), IpAddr.parse(r.getDestination()),
        Protocol.parse(r.getProtocol()), r.getPort(), r.getDomain(), r.getFirstSeen(), r.getLastSeen(), r.getHits(),
        r.getMac());
  }
}
