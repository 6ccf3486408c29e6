package dev.sekisho.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.Converter;

/**
 * Lets the generated records carry {@link Instant} for every {@code TIMESTAMP WITH TIME ZONE} column (the
 * forced type in {@code pom.xml}). Values are written in UTC, so that what is stored does not depend on the
 * appliance's time zone setting; the columns keep nanoseconds, so an Instant reads back equal.
 */
public final class InstantConverter implements Converter<OffsetDateTime, Instant> {
  private static final long serialVersionUID = 1L;

  @Override
  public Instant from(OffsetDateTime stored) {
    return stored == null ? null : stored.toInstant();
  }

  @Override
  public OffsetDateTime to(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  @Override
  public Class<OffsetDateTime> fromType() {
    return OffsetDateTime.class;
  }

  @Override
  public Class<Instant> toType() {
    return Instant.class;
  }
}
