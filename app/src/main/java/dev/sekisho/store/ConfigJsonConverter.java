package dev.sekisho.store;

import dev.sekisho.config.Config;
import dev.sekisho.config.ConfigCodec;
import java.util.Objects;
import org.jooq.Converter;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;

/**
 * Lets the generated records carry a {@link Config} for the columns that keep a whole configuration as its
 * {@link ConfigCodec} JSON (the snapshots of what was applied, is pending and was confirmed): a faithful
 * snapshot even after the config tables change. The forced types in {@code pom.xml} give each such column
 * its own instance, so that a stored value that no longer reads fails loudly, naming its table and column.
 * The database's jOOQ context installs {@link #SURFACE_UNREADABLE}, so callers get that refusal itself.
 */
public final class ConfigJsonConverter implements Converter<String, Config> {
  private static final long serialVersionUID = 1L;

  private final String table;
  private final String column;

  /** A converter for the column {@code table.column}, which only the refusal message uses. */
  public ConfigJsonConverter(String table, String column) {
    this.table = Objects.requireNonNull(table, "table");
    this.column = Objects.requireNonNull(column, "column");
  }

  /**
   * Reads a stored configuration.
   *
   * @throws Unreadable when the stored JSON is no longer a configuration this Sekisho reads
   */
  @Override
  public Config from(String json) {
    if (json == null) {
      return null;
    }
    ConfigCodec.Parsed parsed = ConfigCodec.parse(json);
    if (!parsed.ok()) {
      throw new Unreadable("stored configuration is corrupt: table " + table + " column " + column
          + " is unreadable: " + parsed.problems());
    }
    return parsed.config();
  }

  @Override
  public String to(Config config) {
    return config == null ? null : ConfigCodec.toJson(config);
  }

  @Override
  public Class<String> fromType() {
    return String.class;
  }

  @Override
  public Class<Config> toType() {
    return Config.class;
  }

  /**
   * Throws {@link Unreadable} itself when a query failed because of it: jOOQ reports a converter's refusal as
   * a {@code DataAccessException} ("error while reading field") that would bury the message naming the
   * column under SQL text.
   */
  static final ExecuteListener SURFACE_UNREADABLE = new ExecuteListener() {
    private static final long serialVersionUID = 1L;

    @Override
    public void exception(ExecuteContext ctx) {
      for (Throwable t = ctx.exception(); t != null; t = t.getCause()) {
        if (t instanceof Unreadable u) {
          ctx.exception(u);
          return;
        }
      }
    }
  };

  /** A stored configuration that cannot be read: the database was edited by hand or damaged. */
  public static final class Unreadable extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message);
    }
  }
}
