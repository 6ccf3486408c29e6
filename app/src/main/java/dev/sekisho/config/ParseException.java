package dev.sekisho.config;

import dev.sekisho.i18n.Message;

/**
 * A value the admin (or a backup file) gave could not be parsed. {@link #text} says why as a bundle key
 * with arguments, shown next to the field in the reader's language; {@link #getMessage} is its English text.
 */
public final class ParseException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final transient Message text;

  /** Creates the exception with the text under {@code key}. */
  public ParseException(String key, Object... args) {
    this(Message.of(key, args));
  }

  /** Creates the exception with this text. */
  public ParseException(Message text) {
    super(text.english());
    this.text = text;
  }

  /** Why, in any language. */
  public Message text() {
    return text;
  }

  /** The stable code of the reason (its bundle key). */
  public String code() {
    return text.key() == null ? "" : text.key();
  }
}
