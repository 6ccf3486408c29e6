package dev.sekisho.web.auth;

import dev.sekisho.i18n.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One browser's server-side state: who it is (anonymous or the admin), its CSRF token and the one-shot
 * flash messages. Only the random id ever leaves the server, in the session cookie.
 */
public final class Session {
  private final String id;
  private final String csrfToken;
  private final boolean authenticated;
  private final Instant created;
  private Instant lastSeen;
  private final List<Flash> flashes = new ArrayList<>();
  private Object stash;
  private final java.util.Map<String, Object> attributes = new java.util.HashMap<>();

  /** A message shown once on the next page, e.g. "Host saved."; rendered in the language of that page. */
  public record Flash(Kind kind, Message text) {
    /** Decides the colour. */
    public enum Kind { SUCCESS, ERROR, INFO }

    /** The CSS modifier for the kind. */
    public String css() {
      return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  Session(String id, String csrfToken, boolean authenticated, Instant now) {
    this.id = id;
    this.csrfToken = csrfToken;
    this.authenticated = authenticated;
    this.created = now;
    this.lastSeen = now;
  }

  /** The random id carried by the cookie. */
  public String id() {
    return id;
  }

  /** The synchronizer token every form of this session must send back as {@code _csrf}. */
  public String csrfToken() {
    return csrfToken;
  }

  /** True once the admin logged in; anonymous sessions only exist to protect the login and setup forms. */
  public boolean authenticated() {
    return authenticated;
  }

  /** When the session was created. */
  public Instant created() {
    return created;
  }

  synchronized Instant lastSeen() {
    return lastSeen;
  }

  synchronized void touch(Instant now) {
    lastSeen = now;
  }

  /** Queues a message for the next rendered page. */
  public synchronized void flash(Flash.Kind kind, Message text) {
    flashes.add(new Flash(kind, text));
  }

  /** Takes (and so removes) the queued messages. */
  public synchronized List<Flash> takeFlashes() {
    List<Flash> out = List.copyOf(flashes);
    flashes.clear();
    return out;
  }

  /** Keeps one value across a redirect (e.g. the problems of a failed apply) until it is taken. */
  public synchronized void stash(Object value) {
    stash = value;
  }

  /** The stashed value, if it has the wanted type; it stays until replaced. */
  public synchronized <T> T stashed(Class<T> type) {
    return type.isInstance(stash) ? type.cast(stash) : null;
  }

  synchronized void copyMessagesFrom(Session other) {
    flashes.addAll(other.takeFlashes());
  }

  /** Stores a value under a key for this session (null removes it). */
  public synchronized void put(String key, Object value) {
    if (value == null) {
      attributes.remove(key);
    } else {
      attributes.put(key, value);
    }
  }

  /** The value stored under the key, if it has the wanted type. */
  public synchronized <T> T get(String key, Class<T> type) {
    Object v = attributes.get(key);
    return type.isInstance(v) ? type.cast(v) : null;
  }
}
