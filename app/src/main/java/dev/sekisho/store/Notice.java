package dev.sekisho.store;

import dev.sekisho.i18n.Message;
import java.time.Instant;

/**
 * A message for the admin's next page load, e.g. that an apply was rolled back and why. {@code text} is a
 * bundle key with arguments; a notice stored before notices had keys reads back as its plain English text.
 */
public record Notice(long id, Instant createdAt, Message text, String details) {

  /** The notice in English. */
  public String message() {
    return text.english();
  }
}
