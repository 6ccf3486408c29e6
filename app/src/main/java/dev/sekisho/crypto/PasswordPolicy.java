package dev.sekisho.crypto;

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
    if (tooShort(password)) {
      return "use at least " + MIN_LENGTH + " characters";
    }
    if (password.length() > MAX_LENGTH) {
      return "use at most " + MAX_LENGTH + " characters";
    }
    return null;
  }

  /** True for null and for passwords shorter than {@value #MIN_LENGTH} characters. */
  public static boolean tooShort(String password) {
    return password == null || password.length() < MIN_LENGTH;
  }
}
