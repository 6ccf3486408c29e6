package dev.sekisho.store;

import dev.sekisho.config.IpAddr;
import dev.sekisho.config.Protocol;
import java.time.Instant;

/**
 * A blocked new connection of a host in ask mode, waiting for the admin's answer in the decisions inbox: all
 * such connections of one host to one destination, protocol and port, counted.
 *
 * @param id row id (what the panel's buttons and the API name)
 * @param hostId the host that asked (from the log prefix, which the compiler generates from the id)
 * @param destination where it tried to go
 * @param protocol {@link Protocol#TCP} or {@link Protocol#UDP}
 * @param port the destination port
 * @param domain a name the gateway knows for the destination, or null; shown as text only
 * @param firstSeen the first blocked connection
 * @param lastSeen the latest one
 * @param hits how many were blocked (as far as the log's rate limit let them be counted)
 * @param mac for an unknown device (host id {@value #UNKNOWN_DEVICE}, its own address as destination, port 0):
 *     its MAC; otherwise null
 */
public record PendingDecision(long id, long hostId, IpAddr destination, Protocol protocol, int port, String domain,
    Instant firstSeen, Instant lastSeen, long hits, String mac) {

  /** The host id of an unknown device's pending decision. */
  public static final long UNKNOWN_DEVICE = 0;

  /** True for an unknown device (the unknown-devices policy "ask"). */
  public boolean unknownDevice() {
    return hostId == UNKNOWN_DEVICE;
  }
}
