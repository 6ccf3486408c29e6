-- Which revision is in force. Set when a confirmed apply is stored as a revision, so that the panel reads the
-- answer instead of comparing the applied state with every revision. NULL while the state in force has no
-- revision recorded for it: an apply not yet confirmed, a rollback or boot fallback to an older state, or a
-- database from before this column. RevisionStore then finds the matching revision by comparison once and
-- records it here. ON DELETE SET NULL: the key is a shortcut, never a reason to refuse pruning a revision.
ALTER TABLE applied ADD COLUMN revision_id BIGINT;
ALTER TABLE applied ADD CONSTRAINT applied_revision_fk FOREIGN KEY (revision_id) REFERENCES revisions (id)
  ON DELETE SET NULL;
