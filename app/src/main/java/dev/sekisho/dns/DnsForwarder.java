package dev.sekisho.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's DNS forwarder on its LAN address, port 53, UDP and TCP: it passes each query to the upstream
 * resolver, reads the answer ({@link DnsReader}), has the {@link DomainLearner} put the answer's addresses into
 * the domain rules' sets, and only then replies. A host therefore never holds an address its rule has not
 * recorded yet: no first connection races its own answer.
 *
 * <p>A query or an answer that does not read is dropped and counted by reason; an answer that does not read,
 * does not match the query (id, name, type) or does not come in time gets SERVFAIL, so a host never receives
 * an address the learner did not see. All sockets are opened on the given executor's threads, so a caller can
 * run the forwarder in another network namespace (the lab) by giving an executor whose threads live there.
 */
public final class DnsForwarder implements AutoCloseable {
  /** How long an upstream answer is waited for. */
  public static final int UPSTREAM_TIMEOUT_MS = 2000;
  /** How long a TCP client may take to send its query. */
  public static final int TCP_IDLE_MS = 5000;

  private static final Logger LOG = LoggerFactory.getLogger(DnsForwarder.class);
  private static final int MAX_UDP = 4096;

  private final InetSocketAddress listen;
  private final InetSocketAddress upstream;
  private final DomainLearner learner;
  private final ExecutorService workers;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile DatagramSocket udp;
  private volatile ServerSocket tcp;
  private final AtomicLong queries = new AtomicLong();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Map<String, AtomicLong> dropped = new ConcurrentHashMap<>();

  /** Counters shown to the admin: queries, answers passed on, SERVFAILs, and drops by reason. */
  public record Stats(long queries, long answered, long failed, Map<String, Long> dropped) {}

  private DnsForwarder(InetSocketAddress listen, InetSocketAddress upstream, DomainLearner learner,
      ExecutorService workers) {
    this.listen = listen;
    this.upstream = upstream;
    this.learner = learner;
    this.workers = workers;
  }

  /**
   * Binds both sockets (on a worker thread) and starts serving; two of the executor's threads serve the
   * sockets, the others the queries, so it needs at least three.
   */
  public static DnsForwarder start(InetSocketAddress listen, InetSocketAddress upstream, DomainLearner learner,
      ExecutorService workers) throws IOException {
    DnsForwarder f = new DnsForwarder(listen, upstream, learner, workers);
    try {
      Future<?> bound = workers.submit(() -> {
        DatagramSocket u = new DatagramSocket(null);
        u.setReuseAddress(true);
        u.bind(listen);
        f.udp = u;
        ServerSocket t = new ServerSocket();
        t.setReuseAddress(true);
        t.bind(listen, 64);
        f.tcp = t;
        return null;
      });
      bound.get();
    } catch (java.util.concurrent.ExecutionException e) {
      f.close();
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.close();
      throw new IOException("interrupted while binding", e);
    }
    workers.execute(f::udpLoop);
    workers.execute(f::tcpLoop);
    LOG.info("DNS forwarder on {} asks {}", listen, upstream);
    return f;
  }

  /** Where it listens (the bound port when 0 was given). */
  public InetSocketAddress address() {
    return new InetSocketAddress(listen.getAddress(), udp.getLocalPort());
  }

  private void udpLoop() {
    while (!closed.get()) {
      byte[] buf = new byte[MAX_UDP];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        udp.receive(p);
      } catch (IOException e) {
        if (!closed.get()) {
          LOG.warn("DNS forwarder: receive failed: {}", e.toString());
        }
        continue;
      }
      byte[] q = java.util.Arrays.copyOf(p.getData(), p.getLength());
      InetSocketAddress from = (InetSocketAddress) p.getSocketAddress();
      try {
        workers.execute(() -> {
          byte[] reply = handle(q, false);
          if (reply != null) {
            try {
              udp.send(new DatagramPacket(reply, reply.length, from));
            } catch (IOException e) {
              count("send_failed");
            }
          }
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        count("overloaded");
      }
    }
  }

  private void tcpLoop() {
    while (!closed.get()) {
      Socket s;
      try {
        s = tcp.accept();
      } catch (IOException e) {
        if (!closed.get()) {
          LOG.warn("DNS forwarder: accept failed: {}", e.toString());
        }
        continue;
      }
      try {
        workers.execute(() -> serveTcp(s));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        count("overloaded");
        closeQuietly(s);
      }
    }
  }

  private void serveTcp(Socket s) {
    try (s) {
      s.setSoTimeout(TCP_IDLE_MS);
      DataInputStream in = new DataInputStream(s.getInputStream());
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      // one connection may carry several queries, one after another
      while (!closed.get()) {
        int n;
        try {
          n = in.readUnsignedShort();
        } catch (IOException e) {
          return;
        }
        byte[] q = new byte[n];
        in.readFully(q);
        byte[] reply = handle(q, true);
        if (reply == null) {
          return;
        }
        out.writeShort(reply.length);
        out.write(reply);
        out.flush();
      }
    } catch (IOException e) {
      count("tcp_io");
    }
  }

  /** One query: the reply to send, or null to drop it. Package-visible for tests. */
  byte[] handle(byte[] q, boolean overTcp) {
    queries.incrementAndGet();
    DnsMessage query;
    try {
      query = DnsReader.read(q);
    } catch (DnsReader.Malformed e) {
      count("query_" + e.reason());
      return null;
    }
    if (query.response() || query.opcode() != 0) {
      count("query_not_a_query");
      return null;
    }
    byte[] raw;
    try {
      raw = overTcp ? askTcp(q) : askUdp(q, query.id());
    } catch (IOException e) {
      count("upstream_" + (e instanceof SocketTimeoutException ? "timeout" : "error"));
      return servfail(q);
    }
    DnsMessage answer;
    try {
      answer = DnsReader.read(raw);
    } catch (DnsReader.Malformed e) {
      count("answer_" + e.reason());
      return servfail(q);
    }
    if (!answer.response() || answer.id() != query.id() || !answer.question().equals(query.question())
        || answer.qtype() != query.qtype()) {
      count("answer_mismatch");
      return servfail(q);
    }
    // the point of it all: the addresses are in the sets before the host can read them
    learner.learn(query.question(), answer);
    answered.incrementAndGet();
    return raw;
  }

  private byte[] askUdp(byte[] q, int id) throws IOException {
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(UPSTREAM_TIMEOUT_MS);
      s.connect(upstream);
      s.send(new DatagramPacket(q, q.length));
      long deadline = System.currentTimeMillis() + UPSTREAM_TIMEOUT_MS;
      byte[] buf = new byte[65535];
      while (true) {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        if (p.getLength() >= 2 && (((buf[0] & 0xFF) << 8) | (buf[1] & 0xFF)) == id) {
          return java.util.Arrays.copyOf(buf, p.getLength());
        }
        if (System.currentTimeMillis() > deadline) {
          throw new SocketTimeoutException("no matching answer");
        }
      }
    }
  }

  private byte[] askTcp(byte[] q) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(upstream, UPSTREAM_TIMEOUT_MS);
      s.setSoTimeout(UPSTREAM_TIMEOUT_MS);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeShort(q.length);
      out.write(q);
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] a = new byte[in.readUnsignedShort()];
      in.readFully(a);
      return a;
    }
  }

  /** SERVFAIL for a query that read: its header with QR and RA set, rcode 2, and its question, no records. */
  static byte[] servfail(byte[] q) {
    int end = 12;
    // the question of a query that read ends at its first zero label or pointer, then 4 bytes
    while (end < q.length && (q[end] & 0xFF) != 0 && (q[end] & 0xC0) == 0) {
      end += (q[end] & 0xFF) + 1;
    }
    end = Math.min(q.length, end + 1 + 4);
    byte[] r = java.util.Arrays.copyOf(q, end);
    r[2] = (byte) ((q[2] & 0x79) | 0x80);
    r[3] = (byte) 0x82;
    r[4] = 0;
    r[5] = 1;
    for (int i = 6; i < 12; i++) {
      r[i] = 0;
    }
    return r;
  }

  private void count(String reason) {
    dropped.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
    if (reason.startsWith("upstream") || reason.startsWith("answer")) {
      failed.incrementAndGet();
    }
  }

  /** The counters. */
  public Stats stats() {
    Map<String, Long> d = new java.util.TreeMap<>();
    dropped.forEach((k, v) -> d.put(k, v.get()));
    return new Stats(queries.get(), answered.get(), failed.get(), d);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing a refused connection: nothing left to do
    }
  }

  /** Closes both sockets; the executor is the caller's to shut down. */
  @Override
  public void close() {
    closed.set(true);
    if (udp != null) {
      udp.close();
    }
    if (tcp != null) {
      try {
        tcp.close();
      } catch (IOException e) {
        // closing: nothing to do
      }
    }
  }
}
