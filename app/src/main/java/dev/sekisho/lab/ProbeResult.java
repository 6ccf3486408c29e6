package dev.sekisho.lab;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a TCP or UDP probe from a lab namespace observed.
 *
 * @param outcome classification of the attempt
 * @param line the first line the server sent (without newline), or null if none was read
 * @param detail exception text or other diagnostic, empty when not applicable
 * @param elapsed how long the probe took
 */
public record ProbeResult(Outcome outcome, String line, String detail, Duration elapsed) {

  private static final Pattern FROM = Pattern.compile("\\bfrom=([0-9.]+):(\\d+)");
  private static final Pattern PORT = Pattern.compile("\\bport=(\\d+)");

  /** Classification of a probe. */
  public enum Outcome {
    /** TCP handshake completed, or (UDP) a reply datagram arrived. */
    CONNECTED,
    /** TCP RST or ICMP port unreachable ({@code ConnectException}/{@code PortUnreachableException}). */
    REFUSED,
    /** ICMP host/net unreachable or admin-prohibited ({@code NoRouteToHostException}). */
    UNREACHABLE,
    /** Nothing came back within the timeout (dropped somewhere, or no route back). */
    TIMEOUT,
    /** Any other local failure; see {@link ProbeResult#detail()}. */
    ERROR
  }

  /** Normalises a null detail to empty. */
  public ProbeResult {
    detail = detail == null ? "" : detail;
  }

  /** Shortcut for {@code outcome() == CONNECTED}. */
  public boolean connected() {
    return outcome == Outcome.CONNECTED;
  }

  /**
   * The source address the lab server saw ({@code from=} in its line), e.g. {@code 198.51.100.2}
   * after masquerade.
   */
  public Optional<String> serverSawAddress() {
    return match(FROM, 1);
  }

  /** The source port the lab server saw. */
  public Optional<Integer> serverSawPort() {
    return match(FROM, 2).map(Integer::valueOf);
  }

  /** The server port named in the line ({@code port=}). */
  public Optional<Integer> serverPort() {
    return match(PORT, 1).map(Integer::valueOf);
  }

  private Optional<String> match(Pattern p, int group) {
    if (line == null) {
      return Optional.empty();
    }
    Matcher m = p.matcher(line);
    return m.find() ? Optional.of(m.group(group)) : Optional.empty();
  }

  @Override
  public String toString() {
    return outcome + (line == null ? "" : " '" + line + "'")
        + (detail.isEmpty() ? "" : " (" + detail + ")") + " in " + elapsed.toMillis() + "ms";
  }
}
