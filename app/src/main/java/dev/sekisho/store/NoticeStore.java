package dev.sekisho.store;

import static dev.sekisho.store.db.Tables.NOTICES;

import dev.sekisho.apply.NoticeSink;
import dev.sekisho.i18n.Message;
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

  /**
   * Adds a notice: its key and arguments, and its English text (cut to 2000 characters), which is what an
   * older version of Sekisho reading the same database would show.
   */
  @Override
  public void add(Instant at, Message message, String details) {
    String english = message.english();
    String m = english.length() > 2000 ? english.substring(0, 2000) : english;
    db.dsl().insertInto(NOTICES)
        .set(NOTICES.CREATED_AT, at)
        .set(NOTICES.MESSAGE, m)
        .set(NOTICES.MESSAGE_KEY, message.key())
        .set(NOTICES.MESSAGE_ARGS, message.key() == null ? null : MessageJson.args(message))
        .set(NOTICES.DETAILS, details)
        .execute();
  }

  /** Notices not yet dismissed, oldest first. */
  public List<Notice> open() {
    return db.dsl().selectFrom(NOTICES).where(NOTICES.DISMISSED.isFalse()).orderBy(NOTICES.ID).fetch(r ->
        new Notice(r.getId(), r.getCreatedAt(), text(r.getMessageKey(), r.getMessageArgs(), r.getMessage()),
            r.getDetails()));
  }

  /** The stored key and arguments; a notice from before they were stored (no key) is its English text. */
  private static Message text(String key, String args, String english) {
    return key == null || key.isEmpty() ? Message.plain(english) : Message.of(key, MessageJson.args(args).toArray());
  }

  /** Dismisses one notice; unknown ids are ignored. */
  public void dismiss(long id) {
    db.dsl().update(NOTICES).set(NOTICES.DISMISSED, true).where(NOTICES.ID.eq(id)).execute();
  }
}
