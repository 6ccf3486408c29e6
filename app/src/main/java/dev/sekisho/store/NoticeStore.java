package dev.sekisho.store;

import static dev.sekisho.store.db.Tables.NOTICES;

import dev.sekisho.apply.NoticeSink;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Messages that wait for the admin until dismissed (they survive restarts, like the events they report). */
public final class NoticeStore implements NoticeSink {
  private final Database db;

  /** A store over the given database. */
  public NoticeStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** Adds a notice; the message is cut to 2000 characters. */
  public void add(Instant at, String message, String details) {
    String m = message.length() > 2000 ? message.substring(0, 2000) : message;
    db.dsl().insertInto(NOTICES)
        .set(NOTICES.CREATED_AT, at)
        .set(NOTICES.MESSAGE, m)
        .set(NOTICES.DETAILS, details)
        .execute();
  }

  /** Notices not yet dismissed, oldest first. */
  public List<Notice> open() {
    return db.dsl().selectFrom(NOTICES).where(NOTICES.DISMISSED.isFalse()).orderBy(NOTICES.ID).fetch(r ->
        new Notice(r.getId(), r.getCreatedAt(), r.getMessage(), r.getDetails()));
  }

  /** Dismisses one notice; unknown ids are ignored. */
  public void dismiss(long id) {
    db.dsl().update(NOTICES).set(NOTICES.DISMISSED, true).where(NOTICES.ID.eq(id)).execute();
  }
}
