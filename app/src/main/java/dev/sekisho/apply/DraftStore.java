package dev.sekisho.apply;

import dev.sekisho.config.Config;

/** The draft configuration, which a rollback puts back to what was in force; {@code store.ConfigStore} keeps it. */
public interface DraftStore {

  /** The current draft. */
  Config load();

  /** Replaces the draft. */
  void save(Config config);
}
