package dev.sekisho.capture;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A snapshot's flows as columns of primitives, one array per field: what the capture thread writes once per
 * publish instead of one object (and two {@code Instant}s) per flow, and what queries scan without following
 * a pointer per flow. {@link #list} is the same flows as {@link Flow} records, each made when asked for.
 * Immutable once built.
 */
final class FlowColumns {
  private static final TcpState[] STATES = TcpState.values();

  final int size;
  final FlowKey[] keys;
  final byte[] protocol;
  final char[] lanPort;
  final char[] remotePort;
  final long[] lanHi;
  final long[] lanLo;
  final long[] remoteHi;
  final long[] remoteLo;
  final long[] lanMac;
  final long[] packetsOut;
  final long[] bytesOut;
  final long[] packetsIn;
  final long[] bytesIn;
  final long[] first;
  final long[] last;
  final byte[] state;
  final long[] rate;
  private int filled;

  FlowColumns(int n) {
    size = n;
    keys = new FlowKey[n];
    protocol = new byte[n];
    lanPort = new char[n];
    remotePort = new char[n];
    lanHi = new long[n];
    lanLo = new long[n];
    remoteHi = new long[n];
    remoteLo = new long[n];
    lanMac = new long[n];
    packetsOut = new long[n];
    bytesOut = new long[n];
    packetsIn = new long[n];
    bytesIn = new long[n];
    first = new long[n];
    last = new long[n];
    state = new byte[n];
    rate = new long[n];
  }

  /** Appends one flow; times in microseconds since the epoch. */
  void add(FlowKey k, long mac, long pOut, long bOut, long pIn, long bIn, long firstMicros, long lastMicros,
      TcpState st, long bytesPerSecond) {
    int i = filled++;
    keys[i] = k;
    protocol[i] = (byte) k.protocol();
    lanPort[i] = (char) k.lanPort();
    remotePort[i] = (char) k.remotePort();
    lanHi[i] = k.lanAddress().hi();
    lanLo[i] = k.lanAddress().lo();
    remoteHi[i] = k.remoteAddress().hi();
    remoteLo[i] = k.remoteAddress().lo();
    lanMac[i] = mac;
    packetsOut[i] = pOut;
    bytesOut[i] = bOut;
    packetsIn[i] = pIn;
    bytesIn[i] = bIn;
    first[i] = firstMicros;
    last[i] = lastMicros;
    state[i] = (byte) st.ordinal();
    rate[i] = bytesPerSecond;
  }

  /** The columns of flows already made as records (web tests' fixed flows, files). */
  static FlowColumns of(List<Flow> flows) {
    FlowColumns c = new FlowColumns(flows.size());
    for (Flow f : flows) {
      c.add(f.key(), f.lanMac(), f.packetsOut(), f.bytesOut(), f.packetsIn(), f.bytesIn(), micros(f.firstSeen()),
          micros(f.lastSeen()), f.tcpState(), f.bytesPerSecond());
    }
    return c;
  }

  private static long micros(java.time.Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  /** Flow {@code i} as a record. */
  Flow flow(int i) {
    return new Flow(keys[i], lanMac[i], packetsOut[i], bytesOut[i], packetsIn[i], bytesIn[i],
        FlowTable.instant(first[i]), FlowTable.instant(last[i]), tcpState(i), rate[i]);
  }

  TcpState tcpState(int i) {
    return STATES[state[i]];
  }

  int protocol(int i) {
    return protocol[i] & 0xff;
  }

  /** The flows as an immutable list of records, each made when read. */
  List<Flow> list() {
    return new Records(this);
  }

  /** The columns' records; equal to any list of the same flows. */
  static final class Records extends AbstractList<Flow> implements RandomAccess {
    final FlowColumns columns;

    Records(FlowColumns columns) {
      this.columns = columns;
    }

    @Override
    public Flow get(int index) {
      if (index < 0 || index >= columns.size) {
        throw new IndexOutOfBoundsException(index);
      }
      return columns.flow(index);
    }

    @Override
    public int size() {
      return columns.size;
    }
  }
}
