package dev.sekisho.i18n;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A text for a person, kept as a bundle key and its arguments until the reader's language is known: a
 * validation error, a flash message, a notice stored in the database. Arguments are shown as given
 * (strings, numbers, or other messages, which are rendered in the same language); user input among them is
 * never read as a pattern. A message without a key is plain text that has no translation (what {@code nft}
 * said, an old notice stored in English) and is shown as it is in every language.
 */
public record Message(String key, List<Object> args, String plain) {

  /** Checks the parts; {@code args} is copied. */
  public Message {
    args = List.copyOf(args);
    if ((key == null) == (plain == null)) {
      throw new IllegalArgumentException("a message has either a key or a plain text");
    }
  }

  /** The text under {@code key} with these arguments. */
  public static Message of(String key, Object... args) {
    return new Message(Objects.requireNonNull(key, "key"), Arrays.asList(args), null);
  }

  /** Text without a translation, shown as it is. */
  public static Message plain(String text) {
    return new Message(null, List.of(), Objects.requireNonNull(text, "text"));
  }

  /** In English: the default text of errors and what log lines and the command line show. */
  public String english() {
    return Messages.format(Locale.ENGLISH, this);
  }

  /** In the given language. */
  public String in(Locale locale) {
    return Messages.format(locale, this);
  }

  @Override
  public String toString() {
    return english();
  }
}
