package dev.sekisho.capture;

/** What the capture saw of a TCP connection's life; {@link #NONE} for other protocols. */
public enum TcpState {
  /** Not TCP. */
  NONE,
  /** Only a SYN seen. */
  SYN_SENT,
  /** SYN and SYN-ACK seen, no further segment yet. */
  SYN_RECEIVED,
  /** Handshake completed (or data after a seen SYN-ACK). */
  ESTABLISHED,
  /** Segments seen but not the handshake: the connection predates the capture or it lost packets. */
  MIDSTREAM,
  /** A FIN from one side. */
  CLOSING,
  /** FINs from both sides, or a reset. */
  CLOSED;

  /** True once no more packets are expected, so the flow can expire sooner. */
  public boolean finished() {
    return this == CLOSED;
  }
}
