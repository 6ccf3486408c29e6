package dev.sekisho.web.auth;

import dev.sekisho.crypto.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory session table. Ids are 256-bit random values, sessions expire after an idle period, and
 * logging in always issues a new id so an id planted before login (fixation) is worthless afterwards.
 * Sessions do not survive a restart, which for an appliance simply means logging in again.
 */
public final class SessionStore {
  /** Cap on live sessions so that a flood of anonymous visits cannot grow memory without bound. */
  static final int MAX_SESSIONS = 2000;

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  /** The default absolute lifetime of a session, however busy it is. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(12);

  private final Clock clock;
  private final Duration idle;
  private final Duration maxAge;

  /** A store whose sessions die after {@code idle} without a request, or {@code maxAge} after login. */
  public SessionStore(Clock clock, Duration idle, Duration maxAge) {
    this.clock = clock;
    this.idle = idle;
    this.maxAge = maxAge;
  }

  /** A store with the {@link #DEFAULT_MAX_AGE}. */
  public SessionStore(Clock clock, Duration idle) {
    this(clock, idle, DEFAULT_MAX_AGE);
  }

  /** The live session with this id, marked as just used; empty for unknown or expired ids. */
  public Optional<Session> find(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session s = sessions.get(id);
    if (s == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (expired(s, now)) {
      sessions.remove(id, s);
      return Optional.empty();
    }
    s.touch(now);
    return Optional.of(s);
  }

  /**
   * True while the id belongs to a live, logged-in session; unlike {@link #find} it does not count as use,
   * so a long-lived connection (the live flow stream) can check its session without keeping it alive.
   */
  public boolean alive(String id) {
    Session s = id == null ? null : sessions.get(id);
    return s != null && s.authenticated() && !expired(s, clock.instant());
  }

  /** A new anonymous session (for the CSRF token of the login and setup forms). */
  public Session createAnonymous() {
    return add(false);
  }

  /** Ends {@code old} and returns a fresh authenticated session with a new id and new CSRF token. */
  public Session login(Session old) {
    Session fresh = add(true);
    if (old != null) {
      sessions.remove(old.id());
      fresh.copyMessagesFrom(old);
    }
    return fresh;
  }

  /** Ends the session. */
  public void invalidate(Session s) {
    if (s != null) {
      sessions.remove(s.id());
    }
  }

  /** Ends every authenticated session, e.g. after the password changed. */
  public void invalidateAll() {
    sessions.clear();
  }

  /** Ends every session but {@code keep} (the admin changed the password in it). */
  public void invalidateAllExcept(Session keep) {
    sessions.values().removeIf(s -> s != keep);
  }

  /** Number of live sessions, for tests. */
  int size() {
    return sessions.size();
  }

  private Session add(boolean authenticated) {
    Instant now = clock.instant();
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.values().removeIf(s -> expired(s, now));
    }
    while (sessions.size() >= MAX_SESSIONS) {
      // Evict the stalest anonymous session first; an admin's session only if there is nothing else.
      sessions.values().stream()
          .min(Comparator.comparing((Session s) -> s.authenticated()).thenComparing(Session::lastSeen))
          .ifPresent(s -> sessions.remove(s.id()));
    }
    Session s = new Session(Secrets.token(), Secrets.token(), authenticated, now);
    sessions.put(s.id(), s);
    return s;
  }

  private boolean expired(Session s, Instant now) {
    // The absolute limit bounds what a stolen cookie is worth even while it is kept busy.
    return s.lastSeen().plus(idle).isBefore(now) || !now.isBefore(s.created().plus(maxAge));
  }
}
