package dev.sekisho.config;

/**
 * A reason a configuration cannot be used, with where it is: a path such as {@code rules[3].ports} (index
 * into the list as stored) and a message in plain words.
 */
public record Problem(String path, String message) {

  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
