package dev.sekisho.store;

import java.time.Instant;

/** A {@link Revision} without its configuration and ruleset: what a list of revisions needs. */
public record RevisionSummary(long id, Instant appliedAt, String admin, String note) {}
