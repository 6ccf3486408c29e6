package dev.sekisho.capture;

/**
 * libpcap's counters for a live handle ({@code pcap_stats}); on Linux they count since the handle
 * was opened. -1 when not available (offline file, not started).
 *
 * @param received packets the kernel passed the filter ({@code ps_recv})
 * @param dropped packets dropped because the capture buffer was full ({@code ps_drop})
 * @param interfaceDropped packets the interface or driver dropped ({@code ps_ifdrop})
 */
public record KernelStats(long received, long dropped, long interfaceDropped) {
  /** No statistics available. */
  public static final KernelStats NONE = new KernelStats(-1, -1, -1);
}
