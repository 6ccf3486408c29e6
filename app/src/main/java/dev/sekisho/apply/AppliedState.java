package dev.sekisho.apply;

import dev.sekisho.config.Config;
import java.time.Instant;

/** What the kernel was last given: the configuration, the ruleset text rendered from it, and when. */
public record AppliedState(Instant appliedAt, Config config, String ruleset) {}
