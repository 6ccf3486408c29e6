/**
 * The audit log's vocabulary: what an event is ({@link dev.sekisho.audit.AuditEvent}), its kinds, the port
 * events are raised through ({@link dev.sekisho.audit.AuditSink}), and the escaping that keeps each event
 * on one line. It sits at the bottom of the package stack so that apply, store, backup and web can all use
 * it; the storage is {@code store.AuditStore}.
 */
package dev.sekisho.audit;
