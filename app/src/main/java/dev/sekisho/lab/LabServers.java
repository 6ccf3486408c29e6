package dev.sekisho.lab;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import dev.sekisho.config.Ipv6;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "internet" test servers inside one namespace. Every TCP connection and every UDP datagram
 * gets one line {@code SEKISHO-LAB port=<port> from=<ip>:<port>} so tests can see which source
 * address arrived (e.g. whether masquerade happened).
 *
 * <p>TCP listeners bind {@code ::} (both families). UDP sockets are bound once per local address
 * instead: a wildcard UDP socket would answer from the address the routing table picks
 * (198.51.100.1), not the one the client asked, and the gateway's conntrack would then not
 * recognise the reply as belonging to the NATed flow.
 *
 * <p>Each socket has one thread in the namespace. TCP connections are answered inline on the
 * accept thread (write one short line, close), which caps concurrent handlers at one per port and
 * needs no further threads.
 */
final class LabServers implements Closeable {

  /** Prefix of every server line. */
  static final String LINE_PREFIX = "SEKISHO-LAB";

  private static final Logger LOG = LoggerFactory.getLogger(LabServers.class);

  private final List<Closeable> sockets = new CopyOnWriteArrayList<>();
  private final ExecutorService threads;
  private final AtomicLong answered = new AtomicLong();
  private volatile boolean closed;

  private LabServers(ExecutorService threads) {
    this.threads = threads;
  }

  /**
   * Starts the servers. Sockets are created on {@code ns}'s call thread, so binding errors surface
   * here; the loops run on a dedicated executor of the same namespace.
   */
  static LabServers start(Netns ns, List<Integer> tcpPorts, List<Integer> udpPorts,
      List<String> udpAddresses) throws Exception {
    int count = tcpPorts.size() + udpPorts.size() * udpAddresses.size();
    LabServers s = new LabServers(ns.newExecutor("servers", count));
    try {
      for (int port : tcpPorts) {
        ServerSocket ss = ns.call(() -> {
          ServerSocket sock = new ServerSocket();
          sock.setReuseAddress(true);
          // "::" takes both families (IPv4 peers appear as IPv4 addresses, the JDK unmaps them)
          sock.bind(new InetSocketAddress("::", port), 64);
          return sock;
        });
        s.sockets.add(ss);
        s.threads.execute(() -> s.tcpLoop(ss, port));
      }
      for (int port : udpPorts) {
        for (String addr : udpAddresses) {
          DatagramSocket ds = ns.call(
              () -> new DatagramSocket(new InetSocketAddress(InetAddress.getByName(addr), port)));
          s.sockets.add(ds);
          s.threads.execute(() -> s.udpLoop(ds, port));
        }
      }
      return s;
    } catch (Exception e) {
      s.close();
      throw e;
    }
  }

  /** Number of connections/datagrams answered so far. */
  long answered() {
    return answered.get();
  }

  static String line(int port, InetAddress from, int fromPort) {
    String addr = from.getHostAddress();
    if (from instanceof java.net.Inet6Address && addr.indexOf('%') < 0) {
      addr = Ipv6.parse(addr).toString(); // the canonical form, as Sekisho writes addresses everywhere
    }
    return LINE_PREFIX + " port=" + port + " from=" + addr + ":" + fromPort + "\n";
  }

  private void tcpLoop(ServerSocket ss, int port) {
    while (!closed) {
      try (Socket c = ss.accept()) {
        OutputStream out = c.getOutputStream();
        out.write(line(port, c.getInetAddress(), c.getPort()).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        c.shutdownOutput();
        answered.incrementAndGet();
      } catch (IOException e) {
        if (closed || ss.isClosed()) {
          return;
        }
        LOG.debug("tcp server {}: {}", port, e.toString());
      }
    }
  }

  private void udpLoop(DatagramSocket ds, int port) {
    byte[] buf = new byte[2048];
    while (!closed) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        ds.receive(p);
        byte[] reply =
            line(port, p.getAddress(), p.getPort()).getBytes(StandardCharsets.US_ASCII);
        ds.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
        answered.incrementAndGet();
      } catch (IOException e) {
        if (closed || ds.isClosed()) {
          return;
        }
        LOG.debug("udp server {}: {}", port, e.toString());
      }
    }
  }

  /** Closes all sockets (which unblocks the loops) and stops the threads. */
  @Override
  public void close() {
    closed = true;
    List<Closeable> toClose = new ArrayList<>(sockets);
    for (Closeable c : toClose) {
      try {
        c.close();
      } catch (IOException e) {
        LOG.debug("closing server socket", e);
      }
    }
    threads.shutdownNow();
  }
}
