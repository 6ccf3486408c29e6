package dev.sekisho.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets programs on the machine reach a lab address "from inside" a namespace: listens on
 * {@code 127.0.0.1:<port>} in the process's own namespace and, for each accepted connection,
 * opens a connection from the given namespace (e.g. laptop) to the target (e.g. the admin panel
 * at 192.168.77.1:8080), then copies bytes both ways. The gateway therefore sees a LAN client.
 */
public final class LoopbackForwarder implements AutoCloseable {

  /** Upper bound on simultaneously forwarded connections; more are closed immediately. */
  public static final int MAX_CONNECTIONS = 64;

  private static final Logger LOG = LoggerFactory.getLogger(LoopbackForwarder.class);
  private static final int CONNECT_TIMEOUT_MS = 5000;
  private static final int BUFFER = 16 * 1024;

  private final ServerSocket server;
  private final Netns from;
  private final InetSocketAddress target;
  private final ExecutorService connector;
  private final Thread acceptor;
  private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Set<Thread> pipes = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger connSeq = new AtomicInteger();

  private LoopbackForwarder(ServerSocket server, Netns from, InetSocketAddress target) {
    this.server = server;
    this.from = from;
    this.target = target;
    // Outgoing sockets are created on these namespace threads; everything else stays outside.
    this.connector = from.newExecutor("fwd-connect", 2);
    this.acceptor = new Thread(this::acceptLoop, "lab-forwarder-" + server.getLocalPort());
    this.acceptor.setDaemon(true);
  }

  /**
   * Starts a forwarder. Must be called from a thread in the process's own namespace (not from
   * inside {@link Netns#call}), because that is where the listening socket is created.
   *
   * @param listenPort port on 127.0.0.1, or 0 for an ephemeral one (see {@link #port()})
   * @param from namespace the outgoing connections originate from
   * @param targetIp address to connect to, as seen from {@code from}
   * @param targetPort port to connect to
   */
  public static LoopbackForwarder open(int listenPort, Netns from, String targetIp,
      int targetPort) {
    NetnsSupport.requireProcessNamespace("LoopbackForwarder.open");
    ServerSocket ss;
    try {
      ss = new ServerSocket();
      ss.setReuseAddress(true);
      ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort), 50);
    } catch (IOException e) {
      throw new LabException("cannot listen on 127.0.0.1:" + listenPort, e);
    }
    LoopbackForwarder f =
        new LoopbackForwarder(ss, from, new InetSocketAddress(targetIp, targetPort));
    NetnsSupport.closeAtShutdown(f);
    f.acceptor.start();
    return f;
  }

  /** The actual listening port on 127.0.0.1. */
  public int port() {
    return server.getLocalPort();
  }

  /** {@code http://127.0.0.1:<port>} for convenience in browser tests. */
  public String httpUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** {@code https://127.0.0.1:<port>}: the panel's address when the forwarder leads to it. */
  public String httpsUrl() {
    return "https://127.0.0.1:" + port();
  }

  /** Number of connections currently being forwarded. */
  public int activeConnections() {
    return MAX_CONNECTIONS - slots.availablePermits();
  }

  private void acceptLoop() {
    while (!closed.get()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (!closed.get()) {
          LOG.warn("forwarder accept failed", e);
        }
        return;
      }
      if (!slots.tryAcquire()) {
        LOG.warn("forwarder: more than {} connections, dropping one", MAX_CONNECTIONS);
        closeQuietly(client);
        continue;
      }
      open.add(client);
      Thread t = new Thread(() -> handle(client),
          "lab-forwarder-" + port() + "-conn-" + connSeq.incrementAndGet());
      t.setDaemon(true);
      pipes.add(t);
      t.start();
    }
  }

  private void handle(Socket client) {
    Socket upstream = null;
    try {
      upstream = connector.submit(() -> {
        Socket s = new Socket();
        try {
          s.connect(target, CONNECT_TIMEOUT_MS);
          s.setTcpNoDelay(true);
          return s;
        } catch (IOException e) {
          s.close();
          throw e;
        }
      }).get(CONNECT_TIMEOUT_MS + 1000L, TimeUnit.MILLISECONDS);
      open.add(upstream);
      client.setTcpNoDelay(true);
      Socket up = upstream;
      Thread back = new Thread(() -> pump(up, client),
          Thread.currentThread().getName() + "-back");
      back.setDaemon(true);
      pipes.add(back);
      back.start();
      pump(client, upstream);
      back.join();
    } catch (Exception e) {
      if (!closed.get()) {
        LOG.debug("forwarding to {} from {} failed: {}", target, from.name(), e.toString());
      }
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    } finally {
      closeQuietly(client);
      closeQuietly(upstream);
      open.remove(client);
      if (upstream != null) {
        open.remove(upstream);
      }
      pipes.remove(Thread.currentThread());
      slots.release();
    }
  }

  /** Copies until EOF, then half-closes the destination so HTTP keep-alive semantics survive. */
  private void pump(Socket src, Socket dst) {
    byte[] buf = new byte[BUFFER];
    try {
      InputStream in = src.getInputStream();
      OutputStream out = dst.getOutputStream();
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
      dst.shutdownOutput();
    } catch (IOException e) {
      // An error in one direction ends the whole connection.
      closeQuietly(src);
      closeQuietly(dst);
    } finally {
      if (Thread.currentThread().getName().endsWith("-back")) {
        pipes.remove(Thread.currentThread());
      }
    }
  }

  /** Stops listening, closes all forwarded connections and the namespace connector threads. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closeQuietly(server);
    for (Socket s : open) {
      closeQuietly(s);
    }
    connector.shutdownNow();
    acceptor.interrupt();
    for (Thread t : pipes) {
      t.interrupt();
    }
    try {
      acceptor.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    NetnsSupport.closedNormally(this);
  }

  @Override
  public String toString() {
    return "LoopbackForwarder[127.0.0.1:" + port() + " -> " + from.name() + " -> " + target + "]";
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        // Nothing useful to do; the peer is gone either way.
      }
    }
  }
}
