package dev.sekisho.capture;

/**
 * What the flow page asks for. Null or blank fields do not filter.
 *
 * @param host inventory host name, exact and case-insensitive ("printer")
 * @param address an IP address that either end must have
 * @param port a port that either end must have
 * @param protocol protocol name or number ("tcp", "17")
 * @param text free text, matched case-insensitively against the host name, addresses, ports,
 *     protocol, MAC and TCP state as shown
 * @param sort order of the result
 * @param limit most flows returned (capped at {@link #MAX_LIMIT})
 * @param offset matching flows skipped before the first returned, in the asked order (a page of the list;
 *     capped at {@link #MAX_OFFSET})
 */
public record FlowQuery(String host, String address, Integer port, String protocol, String text, Sort sort,
    int limit, int offset) {

  /** The furthest a page may start: past the largest table the capture keeps. */
  public static final int MAX_OFFSET = 2_000_000;

  /** The first page. */
  public FlowQuery(String host, String address, Integer port, String protocol, String text, Sort sort, int limit) {
    this(host, address, port, protocol, text, sort, limit, 0);
  }

  /** The most flows one query returns, so a page never renders an unbounded table. */
  public static final int MAX_LIMIT = 5_000;

  /** Orders a query can ask for; ties go to the more recent flow. */
  public enum Sort {
    /** Most bytes (both ways) first. */
    BYTES,
    /** Highest current rate first. */
    RATE,
    /** Most recently seen first. */
    RECENT
  }

  /** Normalises: blank strings become null, the sort defaults to bytes and the limit is capped. */
  public FlowQuery {
    host = blankToNull(host);
    address = blankToNull(address);
    protocol = blankToNull(protocol);
    text = blankToNull(text);
    sort = sort == null ? Sort.BYTES : sort;
    limit = Math.max(0, Math.min(limit, MAX_LIMIT));
    offset = Math.max(0, Math.min(offset, MAX_OFFSET));
  }

  /** Everything, by bytes, up to {@code limit}. */
  public static FlowQuery all(int limit) {
    return new FlowQuery(null, null, null, null, null, Sort.BYTES, limit);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
