package dev.sekisho.store;

import dev.sekisho.audit.AuditEvent;
import java.util.List;

/**
 * One page of the audit log, newest first.
 *
 * @param events the events on this page
 * @param total how many events match the filter
 * @param page this page's number, from 0
 * @param size events per page
 */
public record AuditPage(List<AuditEvent> events, int total, int page, int size) {
  /** Copies the list. */
  public AuditPage {
    events = List.copyOf(events);
  }

  /** How many pages the matching events fill (at least 1). */
  public int pages() {
    return Math.max(1, (total + size - 1) / size);
  }
}
