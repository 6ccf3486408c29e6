package dev.sekisho.apply;

import java.util.Optional;

/**
 * Where the one apply waiting for confirmation is kept; it must survive a crash, so {@link #insert} returns
 * only once the record is durable ({@code store.PendingStore} syncs the database).
 */
public interface PendingApplyStore {

  /** The pending apply, if there is one. */
  Optional<PendingApply> get();

  /** Records the pending apply durably; refuses when one is already recorded. */
  void insert(PendingApply pending);

  /** Forgets the pending apply (confirmed or rolled back). */
  void delete();
}
