package dev.sekisho.lab;

/** Unchecked failure while building, using or tearing down the network-namespace lab. */
public class LabException extends RuntimeException {

  /** Creates an exception with a message. */
  public LabException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the underlying cause. */
  public LabException(String message, Throwable cause) {
    super(message, cause);
  }
}
