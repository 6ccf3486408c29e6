/**
 * Network-namespace lab for testing the appliance against real kernel networking.
 *
 * <p>{@link dev.sekisho.lab.LabNetwork} builds gw / sw / net / LAN-host namespaces (see its class
 * comment for the topology), {@link dev.sekisho.lab.Netns} is the underlying primitive and
 * {@link dev.sekisho.lab.LoopbackForwarder} lets a browser on the machine reach the gateway from
 * the LAN side. Lab namespaces have no link to the machine's own namespace, so probe traffic
 * cannot leave the lab whatever address it is aimed at.
 *
 * <p>Two kernel facts users of this package should know: threads started from code running in a
 * namespace inherit that namespace; and {@code /proc/net/*} (also used by parts of
 * {@code java.net.NetworkInterface}) shows the main thread's namespace, not the calling
 * thread's, so read per-namespace state with {@code ip netns exec} instead.
 */
package dev.sekisho.lab;
