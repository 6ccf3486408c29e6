package dev.sekisho.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One security event or configuration change. Every text is cut to its column's length and stripped of
 * control characters when the event is made, so a value that came from the network (a user name, an
 * address) can neither forge a second line in the system log nor overflow the database.
 *
 * @param at when it happened
 * @param user who did it: the admin account, the name typed at a failed login, or "system"
 * @param source the client's address, or empty for events without a request (the rollback timer)
 * @param kind what happened
 * @param outcome {@link #OK}, {@link #FAILED} or {@link #REFUSED}
 * @param detail a short description (what changed, why), never a secret and never the whole configuration
 */
public record AuditEvent(Instant at, String user, String source, AuditKind kind, String outcome, String detail) {
  /** It happened as asked. */
  public static final String OK = "ok";
  /** It was tried and did not work (a wrong password, a rollback that could not load). */
  public static final String FAILED = "failed";
  /** It was not tried (locked out, another apply waits, the configuration was refused). */
  public static final String REFUSED = "refused";
  /** The user of events raised by Sekisho itself. */
  public static final String SYSTEM = "system";
  /** Longest user name kept. */
  public static final int MAX_USER = 64;
  /** Longest source kept (an IPv6 address with a zone fits). */
  public static final int MAX_SOURCE = 64;
  /** Longest outcome kept. */
  public static final int MAX_OUTCOME = 16;
  /** Longest detail kept. */
  public static final int MAX_DETAIL = 1000;

  /** Cleans and cuts every text; {@code at} and {@code kind} are required. */
  public AuditEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    user = AuditText.clean(user, MAX_USER);
    source = AuditText.clean(source, MAX_SOURCE);
    outcome = AuditText.clean(outcome, MAX_OUTCOME);
    detail = AuditText.clean(detail, MAX_DETAIL);
  }

  /** The one line written to the system log: {@code kind=… outcome=… user="…" source=… detail="…"}. */
  public String logLine() {
    return "kind=" + kind.label() + " outcome=" + outcome + " user=" + AuditText.quoted(user) + " source="
        + AuditText.quoted(source) + " detail=" + AuditText.quoted(detail);
  }
}
