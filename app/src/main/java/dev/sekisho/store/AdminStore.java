package dev.sekisho.store;

import static dev.sekisho.store.db.Tables.ADMIN;

import java.util.Objects;
import java.util.Optional;

/** The single administrator account ("admin") and its password hash. */
public final class AdminStore {
  private static final int ID = 1;
  private static final String USERNAME = "admin";

  private final Database db;
  private final Runnable afterPasswordSet;

  /** A store over the given database; cheap, holds no state of its own. */
  public AdminStore(Database db) {
    this(db, () -> { });
  }

  /**
   * The same, running {@code afterPasswordSet} each time a password hash was stored (the appliance deletes
   * the setup token file then, whichever door set it: setup, restore, the command line).
   */
  public AdminStore(Database db, Runnable afterPasswordSet) {
    this.db = Objects.requireNonNull(db, "db");
    this.afterPasswordSet = Objects.requireNonNull(afterPasswordSet, "afterPasswordSet");
  }

  /** The admin's password hash as a PHC string, or empty when no password was set yet. */
  public Optional<String> passwordHash() {
    return db.dsl().select(ADMIN.PASSWORD_HASH).from(ADMIN).where(ADMIN.ID.eq(ID)).fetchOptional(ADMIN.PASSWORD_HASH);
  }

  /**
   * Sets (or replaces) the admin's password hash. The string is stored as given; hashing and
   * verifying are the caller's business.
   */
  public void setPasswordHash(String phc) {
    Objects.requireNonNull(phc, "phc");
    if (phc.isBlank()) {
      // A blank hash would read back as "a password is set" although no password can match it.
      throw new IllegalArgumentException("password hash must not be blank");
    }
    db.dsl().insertInto(ADMIN)
        .set(ADMIN.ID, ID)
        .set(ADMIN.USERNAME, USERNAME)
        .set(ADMIN.PASSWORD_HASH, phc)
        .onDuplicateKeyUpdate()
        .set(ADMIN.USERNAME, USERNAME)
        .set(ADMIN.PASSWORD_HASH, phc)
        .execute();
    afterPasswordSet.run();
  }

  /** The language the admin chose (a tag such as {@code ja}), or empty to follow the browser. */
  public Optional<String> language() {
    return db.dsl().select(ADMIN.LANGUAGE).from(ADMIN).where(ADMIN.ID.eq(ID)).fetchOptional(ADMIN.LANGUAGE)
        .filter(Objects::nonNull);
  }

  /** Remembers the admin's language (null forgets it); does nothing before the account exists. */
  public void setLanguage(String tag) {
    db.dsl().update(ADMIN).set(ADMIN.LANGUAGE, tag).where(ADMIN.ID.eq(ID)).execute();
  }

  /** The time zone the admin chose for dates (an IANA id), or empty for the appliance's own zone. */
  public Optional<String> timeZone() {
    return db.dsl().select(ADMIN.TIME_ZONE).from(ADMIN).where(ADMIN.ID.eq(ID)).fetchOptional(ADMIN.TIME_ZONE)
        .filter(Objects::nonNull);
  }

  /** Remembers the admin's time zone (null: the appliance's zone); does nothing before the account exists. */
  public void setTimeZone(String zoneId) {
    db.dsl().update(ADMIN).set(ADMIN.TIME_ZONE, zoneId).where(ADMIN.ID.eq(ID)).execute();
  }
}
