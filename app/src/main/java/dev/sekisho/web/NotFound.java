package dev.sekisho.web;

/** Thrown by a controller when the id or name in the URL names nothing; becomes the 404 page. */
final class NotFound extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NotFound() {
    super("not found", null, false, false);
  }
}
