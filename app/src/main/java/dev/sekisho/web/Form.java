package dev.sekisho.web;

import dev.sekisho.config.ParseException;
import dev.sekisho.config.Problem;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The values an admin typed into one form and what is wrong with them, by field. Re-rendering a form from
 * this keeps the input exactly as typed, with each message beside its field.
 */
public final class Form {
  /** Key for errors that belong to no single field. */
  public static final String GENERAL = "_general";

  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, String> errors = new LinkedHashMap<>();

  /** An empty form. */
  public Form() {}

  /** The named fields as posted; absent fields read as empty (unchecked boxes are absent). */
  public static Form posted(Context ctx, String... fields) {
    Form f = new Form();
    for (String name : fields) {
      String v = ctx.formParam(name);
      if (v != null) {
        f.values.put(name, v);
      }
    }
    return f;
  }

  /** Sets a field's value (for pre-filling an edit form). */
  public Form set(String field, String value) {
    if (value != null) {
      values.put(field, value);
    }
    return this;
  }

  /** The field's text, never null. */
  public String value(String field) {
    return values.getOrDefault(field, "");
  }

  /** True when a checkbox was ticked (or a value is present). */
  public boolean checked(String field) {
    return values.containsKey(field);
  }

  /** True when the field has an error. */
  public boolean hasError(String field) {
    return errors.containsKey(field);
  }

  /** The field's error message, or null. */
  public String error(String field) {
    return errors.get(field);
  }

  /** Every error, for the summary at the top of a form. */
  public Map<String, String> errors() {
    return Map.copyOf(errors);
  }

  /** True when any field has an error. */
  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  /**
   * Records an error, already in the reader's language; the first one per field wins, since fixing it may make
   * the others moot.
   */
  public void reject(String field, String message) {
    errors.putIfAbsent(field, message);
  }

  /** Parses the field with a domain parser, recording its message (in the request's language) on failure. */
  public <T> T parse(String field, Function<String, T> parser) {
    try {
      return parser.apply(value(field));
    } catch (ParseException e) {
      reject(field, Lang.text(e.text()));
      return null;
    }
  }

  /**
   * Moves validator problems located at {@code prefix} (e.g. {@code hosts[2]}) onto the matching fields
   * of {@code shown}; a problem at the item itself, or at a field the form does not show, becomes a
   * general error so that it is never silently dropped.
   */
  public void rejectLocated(List<Problem> problems, String prefix, List<String> shown) {
    for (Problem p : problems) {
      if (p.path().equals(prefix)) {
        reject(GENERAL, Lang.text(p.text()));
      } else if (p.path().startsWith(prefix + ".")) {
        String field = p.path().substring(prefix.length() + 1);
        reject(shown.contains(field) ? field : GENERAL, Lang.text(p.text()));
      }
    }
  }

  /** Thrown inside a {@link ConfigService#edit} change to abort it (nothing is saved) and re-show the form. */
  public static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Form form;

    /** Wraps the form with its errors. */
    public Invalid(Form form) {
      super("form has errors", null, false, false);
      this.form = form;
    }

    /** The form to re-render. */
    public Form form() {
      return form;
    }
  }

  /** Aborts the surrounding change when there are errors. */
  public void throwIfInvalid() {
    if (hasErrors()) {
      throw new Invalid(this);
    }
  }
}
