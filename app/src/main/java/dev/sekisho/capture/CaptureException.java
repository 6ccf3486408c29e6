package dev.sekisho.capture;

/** A capture could not be opened or failed while running; {@link #reason()} says why in a way the UI can use. */
public final class CaptureException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a capture is not running. */
  public enum Reason {
    /** The interface does not exist in the capturing namespace. */
    NO_SUCH_INTERFACE,
    /** The process lacks the right to capture (needs root or CAP_NET_RAW and CAP_NET_ADMIN). */
    NO_PERMISSION,
    /** libpcap could not be loaded. */
    NO_LIBPCAP,
    /** The interface's link type is not one Sekisho decodes. */
    UNSUPPORTED_LINK,
    /** Anything else; the message has libpcap's words. */
    FAILED
  }

  private final Reason reason;

  /** A failure with its reason and a message for the admin. */
  public CaptureException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }
}
