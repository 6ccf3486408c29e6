package dev.sekisho.capture;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns NFLOG records into {@link BlockedEvent}s and keeps the latest ones in a fixed-size ring.
 * Records that are not Sekisho's (another prefix in the same group), malformed or without an IP
 * payload are counted, as are events pushed out of the ring, so the page can say what it misses.
 *
 * <p>One writer (the NFLOG thread) and any number of readers; the ring is guarded by this object,
 * which is cheap because the compiler rate-limits every log rule.
 */
public final class BlockedLog {
  /** What the compiler writes: {@code sekisho:r<id>:<action> }. */
  private static final Pattern PREFIX = Pattern.compile("sekisho:r([1-9][0-9]{0,17}):(allow|deny|reject) ?");
  /** What the compiler writes for a host in ask mode (decisions inbox): {@code sekisho:ask:h<host id> }. */
  private static final Pattern ASK = Pattern.compile("sekisho:ask:h([1-9][0-9]{0,17}) ?");

  /** Hears the blocked new connections of hosts in ask mode (the decisions inbox). */
  public interface AskListener {
    /**
     * One blocked connection; called on the log's thread, outside its lock.
     *
     * @param hostId the host, from the log prefix
     * @param protocol IP protocol number (6 TCP, 17 UDP)
     */
    void asked(Instant time, long hostId, int protocol, IpAddress dst, int dstPort);

    /**
     * A blocked connection of an unknown device (the unknown-devices policy "ask").
     *
     * @param srcMac the device's MAC as the kernel reported it, 0 when none
     */
    default void unknownDevice(Instant time, long srcMac, IpAddress src) {}
  }

  /** What the compiler writes for unknown devices when their policy is ask. */
  private static final Pattern ASK_UNKNOWN = Pattern.compile("sekisho:ask:u ?");

  private volatile AskListener askListener;
  private long asked;

  /**
   * What happened to NFLOG records so far.
   *
   * @param records records read
   * @param events records that became events
   * @param foreign records with a prefix that is not Sekisho's
   * @param malformed records that could not be parsed (bad TLVs or IP payload)
   * @param overwritten events pushed out of the ring by newer ones
   */
  public record Counters(long records, long events, long foreign, long malformed, long overwritten) {}

  private final BlockedEvent[] ring;
  private final NflogParser nflog;
  private final FrameParser ip = new FrameParser();
  private int next;
  private int size;
  private long records;
  private long events;
  private long foreign;
  private long malformed;
  private long overwritten;

  /** A log keeping the latest {@code capacity} events. */
  public BlockedLog(int capacity, NflogParser nflog) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.ring = new BlockedEvent[capacity];
    this.nflog = nflog;
  }

  /**
   * Reads one captured NFLOG record; returns the event it became, or null (counted). A record of a host in ask
   * mode becomes no event: it goes to the {@link AskListener}, after the lock is released.
   */
  public BlockedEvent accept(byte[] b, int capLen, long timeMicros) {
    NflogParser.Record r = nflog.parse(b, capLen);
    PacketSummary askPacket;
    long askHost;
    synchronized (this) {
      records++;
      if (r == null) {
        malformed++;
        return null;
      }
      Matcher ask = r.prefix() == null ? null : ASK.matcher(r.prefix());
      boolean unknown = r.prefix() != null && ASK_UNKNOWN.matcher(r.prefix()).matches();
      if (!unknown && (ask == null || !ask.matches())) {
        Matcher m = r.prefix() == null ? null : PREFIX.matcher(r.prefix());
        if (m == null || !m.matches()) {
          foreign++;
          return null;
        }
        return event(r, m, b, timeMicros);
      }
      askPacket = r.payloadOffset() < 0 ? null
          : ip.parseIp(b, r.payloadOffset(), r.payloadEnd(), Integer.MAX_VALUE, timeMicros);
      if (askPacket == null) {
        malformed++;
        return null;
      }
      asked++;
      askHost = unknown ? -1 : Long.parseLong(ask.group(1));
    }
    // outside the lock: the listener writes to the database
    AskListener l = askListener;
    if (l != null && askHost < 0) {
      l.unknownDevice(FlowTable.instant(timeMicros), r.srcMac(), askPacket.src());
    } else if (l != null) {
      l.asked(FlowTable.instant(timeMicros), askHost, askPacket.protocol(), askPacket.dst(), askPacket.dstPort());
    }
    return null;
  }

  /** Sets who hears the asks (null: nobody). */
  public void onAsk(AskListener listener) {
    this.askListener = listener;
  }

  /** NFLOG records of hosts in ask mode read so far. */
  public synchronized long asked() {
    return asked;
  }

  private BlockedEvent event(NflogParser.Record r, Matcher m, byte[] b, long timeMicros) {
    synchronized (this) {
      PacketSummary p = r.payloadOffset() < 0 ? null
          : ip.parseIp(b, r.payloadOffset(), r.payloadEnd(), Integer.MAX_VALUE, timeMicros);
      if (p == null) {
        malformed++;
        return null;
      }
      BlockedEvent e = new BlockedEvent(FlowTable.instant(timeMicros), Long.parseLong(m.group(1)), m.group(2),
          p.protocol(), p.src(), p.srcPort(), p.dst(), p.dstPort(), r.srcMac(), null);
      if (size == ring.length) {
        overwritten++;
      } else {
        size++;
      }
      ring[next] = e;
      next = (next + 1) % ring.length;
      events++;
      return e;
    }
  }

  /** The latest events, newest first, at most {@code limit}, named from {@code names}. */
  public List<BlockedEvent> recent(int limit, HostNames names) {
    List<BlockedEvent> out = new ArrayList<>();
    synchronized (this) {
      for (int i = 0; i < Math.min(size, Math.max(0, limit)); i++) {
        out.add(ring[Math.floorMod(next - 1 - i, ring.length)]);
      }
    }
    return out.stream().map(e -> e.named(names.name(e.srcMac(), e.src()))).toList();
  }

  /** Counters so far. */
  public synchronized Counters counters() {
    return new Counters(records, events, foreign, malformed, overwritten);
  }
}
