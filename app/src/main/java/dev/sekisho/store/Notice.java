package dev.sekisho.store;

import java.time.Instant;

/** A message for the admin's next page load, e.g. that an apply was rolled back and why. */
public record Notice(long id, Instant createdAt, String message, String details) {}
