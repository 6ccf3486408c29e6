package dev.sekisho.lab;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Probe implementations. They create their sockets on the calling thread, so callers run them on
 * a namespace thread to probe from that namespace.
 */
final class Probes {

  private static final int MAX_LINE = 512;

  private Probes() {}

  /**
   * Connects to {@code ip:port}; if {@code readLine}, then waits (within the same overall timeout)
   * for the one line lab servers send. A connection whose peer sends nothing is still CONNECTED.
   */
  static ProbeResult tcp(String ip, int port, Duration timeout, boolean readLine) {
    long start = System.nanoTime();
    boolean connected = false;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getByName(ip), port), millis(timeout));
      connected = true;
      if (!readLine) {
        return result(ProbeResult.Outcome.CONNECTED, null, "", start);
      }
      s.setSoTimeout(Math.max(1, millis(timeout) - elapsedMillis(start)));
      String line = readLine(s.getInputStream());
      return result(ProbeResult.Outcome.CONNECTED, line, line == null ? "no line" : "", start);
    } catch (SocketTimeoutException e) {
      return connected
          ? result(ProbeResult.Outcome.CONNECTED, null, "connected, no line in time", start)
          : result(ProbeResult.Outcome.TIMEOUT, null, e.getMessage(), start);
    } catch (IOException e) {
      return classify(e, start);
    }
  }

  /** Sends one datagram and waits for one reply datagram. */
  static ProbeResult udp(String ip, int port, byte[] payload, Duration timeout) {
    long start = System.nanoTime();
    try (DatagramSocket s = new DatagramSocket()) {
      // Connecting makes the kernel report ICMP errors for this flow on receive().
      s.connect(new InetSocketAddress(InetAddress.getByName(ip), port));
      s.setSoTimeout(millis(timeout));
      s.send(new DatagramPacket(payload, payload.length));
      byte[] buf = new byte[2048];
      DatagramPacket reply = new DatagramPacket(buf, buf.length);
      s.receive(reply);
      String text = new String(buf, 0, reply.getLength(), StandardCharsets.UTF_8);
      int nl = text.indexOf('\n');
      return result(ProbeResult.Outcome.CONNECTED, nl >= 0 ? text.substring(0, nl) : text, "",
          start);
    } catch (SocketTimeoutException e) {
      return result(ProbeResult.Outcome.TIMEOUT, null, e.getMessage(), start);
    } catch (IOException e) {
      return classify(e, start);
    }
  }

  /**
   * ICMP echo via {@link InetAddress#isReachable}: as root the JDK uses a raw ICMP socket, created
   * on this thread and therefore in its namespace. (The iputils {@code ping} binary is not
   * installed on every lab machine, so we do not depend on it.)
   */
  static boolean ping(String ip, Duration timeout) {
    try {
      return InetAddress.getByName(ip).isReachable(millis(timeout));
    } catch (IOException e) {
      return false;
    }
  }

  private static ProbeResult classify(IOException e, long start) {
    String msg = String.valueOf(e.getMessage());
    ProbeResult.Outcome o;
    if (e instanceof NoRouteToHostException) {
      o = ProbeResult.Outcome.UNREACHABLE;
    } else if (e instanceof ConnectException || e instanceof PortUnreachableException) {
      o = ProbeResult.Outcome.REFUSED;
    } else if (e instanceof SocketException
        && msg.toLowerCase(Locale.ROOT).contains("unreachable")) {
      // ENETUNREACH has no dedicated exception type in the JDK.
      o = ProbeResult.Outcome.UNREACHABLE;
    } else if (e instanceof SocketException && msg.contains("Permission denied")) {
      // Linux reports ICMPv6 "administratively prohibited" (an nft reject over IPv6) as EACCES.
      o = ProbeResult.Outcome.UNREACHABLE;
    } else {
      o = ProbeResult.Outcome.ERROR;
    }
    return result(o, null, e.getClass().getSimpleName() + ": " + msg, start);
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < MAX_LINE) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      if (b == '\n') {
        return sb.toString();
      }
      sb.append((char) b);
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  private static ProbeResult result(
      ProbeResult.Outcome o, String line, String detail, long startNanos) {
    return new ProbeResult(o, line, detail, Duration.ofNanos(System.nanoTime() - startNanos));
  }

  private static int millis(Duration d) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
  }

  private static int elapsedMillis(long startNanos) {
    return (int) ((System.nanoTime() - startNanos) / 1_000_000);
  }
}
