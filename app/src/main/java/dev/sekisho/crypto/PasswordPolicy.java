package dev.sekisho.crypto;

import dev.sekisho.i18n.Message;

/**
 * The one rule for the admin password, for the setup page and the first start alike: long passphrases beat
 * complexity rules, so only the length counts.
 */
public final class PasswordPolicy {
  /** The shortest password accepted. */
  public static final int MIN_LENGTH = 12;
  /**
   * The longest password accepted from the panel, so that nobody can make hashing chew on megabytes; login
   * refuses longer ones before hashing for the same reason.
   */
  public static final int MAX_LENGTH = 1024;

  private PasswordPolicy() {}

  /** Why {@code password} cannot be the admin password ("use at least 12 characters"), or null when it can. */
  public static String refusal(String password) {
    Message m = refusalText(password);
    return m == null ? null : m.english();
  }

  /** The same reason as a bundle key with arguments, for the reader's language; null when it can. */
  public static Message refusalText(String password) {
    if (tooShort(password)) {
      return Message.of("problem.password.too_short", MIN_LENGTH);
    }
    if (password.length() > MAX_LENGTH) {
      return Message.of("problem.password.too_long", MAX_LENGTH);
    }
    return null;
  }

  /** True for null and for passwords shorter than {@value #MIN_LENGTH} characters. */
  public static boolean tooShort(String password) {
    return password == null || password.length() < MIN_LENGTH;
  }
}
