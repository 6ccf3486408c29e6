package dev.sekisho.audit;

import java.util.Locale;

/** What an audit event records. The names are stored and logged, so they never change once released. */
public enum AuditKind {
  /** A correct password. */
  LOGIN_SUCCESS,
  /** A wrong password. */
  LOGIN_FAILURE,
  /** A login or setup refused because the address is locked out (429). */
  LOCKOUT,
  /** A wrong setup token. */
  SETUP_TOKEN_WRONG,
  /** The first password was set. */
  SETUP_DONE,
  /** The admin logged out. */
  LOGOUT,
  /** An apply with a confirmation window (started or refused). */
  APPLY_STARTED,
  /** A waiting apply was confirmed (or a confirmation was refused). */
  APPLY_CONFIRMED,
  /** A waiting apply was rolled back: by the timer, at start-up after a stop, or it could not be. */
  APPLY_ROLLED_BACK,
  /** An apply without a confirmation window. */
  APPLY_UNCONFIRMED,
  /** A backup was restored (its apply started, or was refused). */
  RESTORE,
  /** The draft was replaced by an earlier revision (to be applied like any draft). */
  REVISION_ROLLBACK,
  /** One saved edit of the draft configuration. */
  CONFIG_EDIT,
  /** A backup was downloaded. */
  BACKUP_EXPORT,
  /** The admin password was changed (every other session ended). */
  PASSWORD_CHANGED,
  /** A wrong current password where a sensitive action asks for it again. */
  REAUTH_FAILURE,
  /** An uploaded HTTPS certificate for the panel: installed, or refused by its checks. */
  CERTIFICATE_UPLOAD,
  /** An API key was created in the panel. */
  API_KEY_CREATED,
  /** An API key was revoked in the panel. */
  API_KEY_REVOKED,
  /** A request to the API with a wrong, unknown or revoked key (or refused while locked out). */
  API_KEY_WRONG,
  /** The applied configuration loaded again because its schedules moved in UTC (a daylight saving switch). */
  SCHEDULE_RELOAD;

  /** The lower-case name shown and logged: "login_failure". */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
