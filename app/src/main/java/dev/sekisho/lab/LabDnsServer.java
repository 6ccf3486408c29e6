package dev.sekisho.lab;

import dev.sekisho.dns.DnsMessage;
import dev.sekisho.dns.DnsReader;
import dev.sekisho.dns.DnsWriter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small authoritative DNS server for the lab's internet side, serving test zones under reserved names
 * ({@code .test}, {@code example.com/.net/.org}) with A, AAAA and CNAME records and short TTLs, over UDP and
 * TCP. It answers like a recursive resolver would: a CNAME is followed within its data and the whole chain
 * returned. Names under {@code fresh.example.org} and {@code fresh.test} (any label in front) answer the
 * address given to {@link #fresh}, so a
 * benchmark can ask a name nobody has cached. Unknown names get NXDOMAIN. Sockets are opened on the given
 * executor's threads (a namespace's, see {@link Netns#newExecutor}).
 */
public final class LabDnsServer implements AutoCloseable {
  /** The zone of names that always resolve, never asked before. */
  public static final String FRESH_ZONE = "fresh.example.org";
  /** A second such zone, which domain rules for example.org do not cover. */
  public static final String FRESH_TEST_ZONE = "fresh.test";

  private final Map<String, List<DnsMessage.Record>> records = new ConcurrentHashMap<>();
  private final ExecutorService threads;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong answers = new AtomicLong();
  private volatile byte[] freshAddress;
  private volatile long freshTtl = 30;
  private DatagramSocket udp;
  private ServerSocket tcp;

  private LabDnsServer(ExecutorService threads) {
    this.threads = threads;
  }

  /** Starts serving on {@code address:port}; needs an executor of at least three threads. */
  public static LabDnsServer start(ExecutorService threads, String address, int port) throws Exception {
    LabDnsServer s = new LabDnsServer(threads);
    threads.submit(() -> {
      InetSocketAddress at = new InetSocketAddress(InetAddress.getByName(address), port);
      s.udp = new DatagramSocket(null);
      s.udp.setReuseAddress(true);
      s.udp.bind(at);
      s.tcp = new ServerSocket();
      s.tcp.setReuseAddress(true);
      s.tcp.bind(at, 16);
      return null;
    }).get();
    threads.execute(s::udpLoop);
    threads.execute(s::tcpLoop);
    return s;
  }

  /** Adds an A or AAAA record (the address's text decides which). */
  public LabDnsServer address(String name, String ip, long ttl) throws IOException {
    byte[] a = InetAddress.getByName(ip).getAddress();
    records.computeIfAbsent(name, k -> new ArrayList<>()).add(new DnsMessage.Record(name,
        a.length == 4 ? DnsMessage.A : DnsMessage.AAAA, ttl, a, null));
    return this;
  }

  /** Adds a CNAME record. */
  public LabDnsServer alias(String name, String target, long ttl) {
    records.computeIfAbsent(name, k -> new ArrayList<>()).add(new DnsMessage.Record(name, DnsMessage.CNAME, ttl,
        null, target));
    return this;
  }

  /** What every name under {@link #FRESH_ZONE} answers (IPv4), and with which TTL. */
  public LabDnsServer fresh(String ip, long ttl) throws IOException {
    this.freshAddress = InetAddress.getByName(ip).getAddress();
    this.freshTtl = ttl;
    return this;
  }

  /** How many answers were sent. */
  public long answers() {
    return answers.get();
  }

  /** The answer to a query, or null to drop it. */
  byte[] answer(byte[] q) {
    DnsMessage m;
    try {
      m = DnsReader.read(q);
    } catch (DnsReader.Malformed e) {
      return null;
    }
    List<DnsMessage.Record> out = new ArrayList<>();
    String name = m.question();
    for (int step = 0; step < 8 && name != null; step++) {
      String next = null;
      List<DnsMessage.Record> rs = records.getOrDefault(name, List.of());
      if (rs.isEmpty() && fresh(name) && freshAddress != null && m.qtype() == DnsMessage.A) {
        rs = List.of(new DnsMessage.Record(name, DnsMessage.A, freshTtl, freshAddress, null));
      }
      for (DnsMessage.Record r : rs) {
        if (r.type() == DnsMessage.CNAME) {
          out.add(r);
          next = r.target();
        } else if (r.type() == m.qtype()) {
          out.add(r);
        }
      }
      name = next;
    }
    answers.incrementAndGet();
    return DnsWriter.answer(m.id(), m.question(), m.qtype(), out, out.isEmpty() && !records.containsKey(
        m.question()) && !fresh(m.question()));
  }

  private static boolean fresh(String name) {
    return name.endsWith("." + FRESH_ZONE) || name.endsWith("." + FRESH_TEST_ZONE);
  }

  private void udpLoop() {
    byte[] buf = new byte[4096];
    while (!closed.get()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        udp.receive(p);
        byte[] a = answer(java.util.Arrays.copyOf(buf, p.getLength()));
        if (a != null) {
          udp.send(new DatagramPacket(a, a.length, p.getSocketAddress()));
        }
      } catch (IOException e) {
        if (closed.get()) {
          return;
        }
      }
    }
  }

  private void tcpLoop() {
    while (!closed.get()) {
      try (Socket s = tcp.accept()) {
        s.setSoTimeout(2000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] q = new byte[in.readUnsignedShort()];
        in.readFully(q);
        byte[] a = answer(q);
        if (a != null) {
          DataOutputStream out = new DataOutputStream(s.getOutputStream());
          out.writeShort(a.length);
          out.write(a);
          out.flush();
        }
      } catch (IOException e) {
        if (closed.get()) {
          return;
        }
      }
    }
  }

  /** Closes both sockets; the executor is the caller's. */
  @Override
  public void close() {
    closed.set(true);
    if (udp != null) {
      udp.close();
    }
    try {
      if (tcp != null) {
        tcp.close();
      }
    } catch (IOException e) {
      // closing: nothing left to do
    }
  }
}
