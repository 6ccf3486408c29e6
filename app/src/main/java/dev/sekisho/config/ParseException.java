package dev.sekisho.config;

/** A value the admin (or a backup file) gave could not be parsed; the message says why, in plain words. */
public final class ParseException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that can be shown next to the field. */
  public ParseException(String message) {
    super(message);
  }
}
