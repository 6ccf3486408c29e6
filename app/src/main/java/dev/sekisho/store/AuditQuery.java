package dev.sekisho.store;

import dev.sekisho.audit.AuditKind;
import java.time.Instant;

/**
 * A filter for the audit log; every part is optional (null).
 *
 * @param kind only events of this kind
 * @param text only events whose user, source or detail contains it (case-insensitive)
 * @param from only events at or after it
 * @param to only events before it
 */
public record AuditQuery(AuditKind kind, String text, Instant from, Instant to) {
  /** Everything. */
  public static final AuditQuery ALL = new AuditQuery(null, null, null, null);

  /** Blank text counts as none. */
  public AuditQuery {
    text = text == null || text.isBlank() ? null : text.strip();
  }
}
