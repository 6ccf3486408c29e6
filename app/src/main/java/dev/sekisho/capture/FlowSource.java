package dev.sekisho.capture;

import java.util.List;

/**
 * What the live flow page reads: the capture's state, its latest snapshot and the blocked-traffic log.
 * {@link CaptureService} is the real one; web tests use a fake with fixed flows. Every method returns
 * at once from already published data; none waits for the capture.
 */
public interface FlowSource {

  /** The flow capture's state. */
  CaptureStatus status();

  /** The blocked-traffic log's state. */
  CaptureStatus blockedStatus();

  /** The latest published snapshot, for its counters (empty before the first). */
  FlowSnapshot snapshot();

  /** Filters, sorts and limits the latest snapshot's flows. */
  FlowPage flows(FlowQuery query, HostNames names);

  /** Hosts with the most bytes, with names. */
  List<HostTotal> topTalkers(int limit, HostNames names);

  /** Hosts seen on the LAN that the inventory does not know. */
  List<HostTotal> unknownHosts(HostNames names);

  /** The latest blocked events, newest first. */
  List<BlockedEvent> blocked(int limit, HostNames names);

  /** The blocked-traffic log's counters. */
  BlockedLog.Counters blockedCounters();

  /** libpcap's counters for the blocked-traffic (NFLOG) handle. */
  KernelStats blockedKernelStats();
}
