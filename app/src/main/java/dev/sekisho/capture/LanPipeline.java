package dev.sekisho.capture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parser plus flow table behind one capture: what the capture thread does with each Ethernet
 * frame, the same for a live interface and a file. Confined to one thread.
 */
final class LanPipeline implements PcapSource.Sink {
  private static final Logger LOG = LoggerFactory.getLogger(LanPipeline.class);

  final FrameParser parser = new FrameParser();
  final FlowTable table;
  private long internalErrors;

  LanPipeline(FlowTable table) {
    this.table = table;
  }

  @Override
  public void frame(byte[] b, int capLen, int wireLen, long timeMicros) {
    try {
      PacketSummary p = parser.parseEthernet(b, capLen, wireLen, timeMicros);
      if (p != null) {
        table.add(p);
      }
    } catch (RuntimeException e) {
      // A bug, not bad input (the parser counts that): keep capturing, count it, log the first.
      if (internalErrors++ == 0) {
        LOG.error("capture: frame handling failed; counting further failures silently", e);
      }
    }
  }

  long internalErrors() {
    return internalErrors;
  }

  FlowSnapshot snapshot(long nowMicros, KernelStats kernel) {
    return table.snapshot(nowMicros, parser.counters(), kernel, internalErrors);
  }
}
