package dev.sekisho.store;

import dev.sekisho.apply.AppliedState;
import dev.sekisho.apply.SafeApply;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step after a confirmed apply that keeps the history: stores a revision, records it as the one in
 * force, and prunes the oldest beyond {@value #KEEP}. The appliance and the web tests both use this class,
 * so the tests exercise the real step, not a copy of it.
 */
public final class RevisionRecorder implements SafeApply.OnConfirmed {
  private static final Logger LOG = LoggerFactory.getLogger(RevisionRecorder.class);
  /** How many revisions are kept (the current one is kept even when it is older). */
  public static final int KEEP = 100;

  private final RevisionStore store;

  /** Records into the given store. */
  public RevisionRecorder(RevisionStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Stores the confirmed state as a revision and prunes. A failure is logged, not thrown: the apply is
   * confirmed and in force either way, and an exception here would fail the confirmation itself.
   */
  @Override
  public void confirmed(AppliedState state, String admin, String note) {
    try {
      long id = store.recordConfirmed(state, admin, note);
      int pruned = store.prune(KEEP);
      LOG.info("revision {} recorded{}", id, pruned == 0 ? "" : "; " + pruned + " old revision(s) pruned");
    } catch (RuntimeException e) {
      LOG.error("the confirmed apply of {} could not be recorded as a revision", state.appliedAt(), e);
    }
  }
}
