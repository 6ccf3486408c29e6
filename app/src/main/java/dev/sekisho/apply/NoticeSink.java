package dev.sekisho.apply;

import java.time.Instant;

/** Messages for the admin's next page load (a rollback and why); {@code store.NoticeStore} keeps them. */
public interface NoticeSink {

  /** Adds a notice; {@code details} may be null. */
  void add(Instant at, String message, String details);
}
