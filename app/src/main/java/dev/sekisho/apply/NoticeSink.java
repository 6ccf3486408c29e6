package dev.sekisho.apply;

import dev.sekisho.i18n.Message;
import java.time.Instant;

/**
 * Messages for the admin's next page load (a rollback and why); {@code store.NoticeStore} keeps them. The
 * message is a bundle key with arguments, so each reader sees it in their language.
 */
public interface NoticeSink {

  /** Adds a notice; {@code details} (text quoted as it is, e.g. a diff) may be null. */
  void add(Instant at, Message message, String details);
}
