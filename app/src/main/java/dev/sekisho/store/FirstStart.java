package dev.sekisho.store;

import dev.sekisho.config.Config;
import dev.sekisho.config.ConfigValidator;
import dev.sekisho.config.Problem;
import dev.sekisho.crypto.PasswordHasher;
import dev.sekisho.crypto.PasswordPolicy;
import dev.sekisho.crypto.Secrets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The first start of a data directory, in one place. There is no default password: the admin password is
 * either given at start ({@value #ADMIN_PASSWORD_ENV}) or chosen on the setup page with a one-time token
 * that only the appliance console shows. A starting configuration, if any, becomes the draft. Each step runs
 * only while its part of the database is still empty, so later starts change nothing.
 */
public final class FirstStart {
  /** The environment variable that may carry the first admin password. */
  public static final String ADMIN_PASSWORD_ENV = "SEKISHO_ADMIN_PASSWORD";

  private FirstStart() {}

  /**
   * Runs the steps that are still due. Both inputs are checked before anything is written.
   *
   * @param bootstrap the configuration to start with when the draft is empty, or null
   * @param adminPassword the password to set when none is set yet, or null or empty for the setup page
   * @return the one-time setup token for the setup page, or null when the admin password is set
   * @throws IllegalArgumentException when the starting configuration is not valid or the password too short
   */
  public static String run(ConfigStore configs, AdminStore admins, Config bootstrap, String adminPassword) {
    boolean seed = bootstrap != null && configs.isEmpty();
    if (seed) {
      List<Problem> problems = ConfigValidator.validate(bootstrap);
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("the starting configuration is not valid: "
            + problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
      }
    }
    boolean noPassword = admins.passwordHash().isEmpty();
    boolean given = adminPassword != null && !adminPassword.isEmpty();
    // The variable is set by whoever runs the appliance, not typed into a form: only the minimum applies.
    if (noPassword && given && PasswordPolicy.tooShort(adminPassword)) {
      throw new IllegalArgumentException(ADMIN_PASSWORD_ENV + " must be at least " + PasswordPolicy.MIN_LENGTH
          + " characters long");
    }
    if (seed) {
      configs.save(bootstrap);
    }
    if (!noPassword) {
      return null;
    }
    if (given) {
      admins.setPasswordHash(PasswordHasher.DEFAULT.hash(adminPassword));
      return null;
    }
    return Secrets.token();
  }
}
