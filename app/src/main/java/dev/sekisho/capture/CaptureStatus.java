package dev.sekisho.capture;

import java.time.Instant;

/**
 * Whether a capture runs, and if not, why, in words the panel can show as they are.
 *
 * @param state the state
 * @param reason why it failed, or null unless {@link State#FAILED}
 * @param message for the admin, e.g. "interface lan9 does not exist here"
 * @param since when the state was entered
 */
public record CaptureStatus(State state, CaptureException.Reason reason, String message, Instant since) {

  /** Life of a capture. */
  public enum State {
    /** Not started, or stopped. */
    STOPPED,
    /** Opening the handle. */
    STARTING,
    /** Capturing. */
    RUNNING,
    /** Could not start or broke down; see the reason and message. */
    FAILED
  }

  static CaptureStatus of(State s, String message) {
    return new CaptureStatus(s, null, message, Instant.now());
  }

  static CaptureStatus failed(CaptureException e) {
    return new CaptureStatus(State.FAILED, e.reason(), e.getMessage(), Instant.now());
  }

  /** True while capturing. */
  public boolean running() {
    return state == State.RUNNING;
  }
}
