package dev.sekisho.config;

import dev.sekisho.i18n.Message;
import java.util.Objects;

/**
 * A reason a configuration cannot be used, with where it is: a path such as {@code rules[3].ports} (index
 * into the list as stored) and what is wrong, as a bundle key with arguments ({@link #text}) so that the
 * panel shows it in the reader's language; {@link #message} is its English text.
 */
public record Problem(String path, Message text) {

  /** Checks the parts. */
  public Problem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(text, "text");
  }

  /** A problem whose text has no translation (e.g. what {@code nft} said). */
  public Problem(String path, String plain) {
    this(path, Message.plain(plain));
  }

  /** A problem with the text under {@code key}. */
  public static Problem of(String path, String key, Object... args) {
    return new Problem(path, Message.of(key, args));
  }

  /** The stable code of the text (its bundle key), or empty for untranslated text. */
  public String code() {
    return text.key() == null ? "" : text.key();
  }

  /** The text in English. */
  public String message() {
    return text.english();
  }

  /** Two problems are the same when they are at the same place and read the same in English. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Problem p && path.equals(p.path) && message().equals(p.message());
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, message());
  }

  @Override
  public String toString() {
    return path.isEmpty() ? message() : path + ": " + message();
  }
}
