package dev.sekisho.apply;

import dev.sekisho.config.Config;
import java.time.Instant;
import java.util.Optional;

/**
 * An apply that is in the kernel but not yet confirmed, with all that is needed to undo it.
 *
 * @param startedAt when it was applied
 * @param deadline when it is rolled back unless confirmed
 * @param tokenHash SHA-256 (hex) of the one-time confirmation token; the token itself is never stored
 * @param admin who applied it
 * @param note the admin's note, or null
 * @param config what was applied
 * @param ruleset the ruleset text that was loaded
 * @param previous what was in force before, or empty when nothing was (a first apply)
 */
public record PendingApply(Instant startedAt, Instant deadline, String tokenHash, String admin, String note,
    Config config, String ruleset, Optional<AppliedState> previous) {}
