package dev.sekisho.audit;

/**
 * Where audit events go: the port that {@code apply} and {@code web} raise events through and that
 * {@code store.AuditStore} implements (database, with a bound, and one line each in the system log).
 */
public interface AuditSink {
  /** Drops every event: for parts built without an audit log (unit tests). */
  AuditSink NONE = e -> {};

  /** Records one event. Must not throw for a well-formed event: auditing never stops what it records. */
  void record(AuditEvent event);
}
