package dev.sekisho.capture;

/**
 * Identifies a flow independently of direction: the LAN side and the remote side.
 *
 * @param protocol IP protocol number
 * @param lanAddress address of the LAN-side endpoint (the host on the captured LAN)
 * @param lanPort its port, 0 for protocols without ports
 * @param remoteAddress address of the other endpoint (the internet, or the gateway itself)
 * @param remotePort its port, 0 for protocols without ports
 */
public record FlowKey(int protocol, IpAddress lanAddress, int lanPort, IpAddress remoteAddress,
    int remotePort) {}
