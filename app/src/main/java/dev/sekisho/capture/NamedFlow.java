package dev.sekisho.capture;

/**
 * A flow with the inventory name of its LAN host as of the query.
 *
 * @param flow the flow
 * @param hostName the LAN host's inventory name, or null for a host not in the inventory
 */
public record NamedFlow(Flow flow, String hostName) {}
