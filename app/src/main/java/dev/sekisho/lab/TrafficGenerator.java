package dev.sekisho.lab;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Background traffic for the interactive lab, so the panel has live connections to show. Bounded:
 * at most one exchange in flight per host, one per host per interval, a total count and a total
 * duration. Exchanges only target the lab's internet servers.
 */
final class TrafficGenerator implements AutoCloseable {

  private static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(2);
  private static final List<String> TARGETS =
      List.of(LabNetwork.INTERNET_IP_1, LabNetwork.INTERNET_IP_2);

  private final LabNetwork lab;
  private final int maxExchanges;
  private final long deadlineNanos;
  private final ScheduledExecutorService ticker;
  private final Map<LabHost, ExecutorService> hostThreads = new EnumMap<>(LabHost.class);
  private final Map<LabHost, Future<?>> inFlight = new EnumMap<>(LabHost.class);
  private final AtomicLong started = new AtomicLong();
  // Fixed seed: the same sequence of exchanges every run keeps demos and logs comparable.
  private final Random random = new Random(0x5e6b);

  private TrafficGenerator(LabNetwork lab, int maxExchanges, Duration maxDuration) {
    this.lab = lab;
    this.maxExchanges = maxExchanges;
    this.deadlineNanos = System.nanoTime() + maxDuration.toNanos();
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread th = new Thread(r, "lab-traffic-" + lab.prefix());
      th.setDaemon(true);
      return th;
    });
    this.ticker = t;
    for (LabHost h : LabHost.values()) {
      // Separate threads from the probe thread so test probes are never queued behind traffic.
      hostThreads.put(h, lab.namespace(h.role()).newExecutor("traffic", 1));
    }
  }

  static TrafficGenerator start(LabNetwork lab, Duration interval, int maxExchanges,
      Duration maxDuration) {
    if (interval.toMillis() < 100 || maxExchanges < 0) {
      throw new IllegalArgumentException("interval must be >= 100ms and maxExchanges >= 0");
    }
    TrafficGenerator g = new TrafficGenerator(lab, maxExchanges, maxDuration);
    g.ticker.scheduleWithFixedDelay(g::tick, interval.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
    return g;
  }

  long started() {
    return started.get();
  }

  private synchronized void tick() {
    if (System.nanoTime() - deadlineNanos > 0 || started.get() >= maxExchanges) {
      close();
      return;
    }
    for (LabHost h : LabHost.values()) {
      Future<?> prev = inFlight.get(h);
      if ((prev != null && !prev.isDone()) || started.get() >= maxExchanges) {
        continue;
      }
      String ip = TARGETS.get(random.nextInt(TARGETS.size()));
      boolean useTcp = random.nextInt(3) != 0;
      int port = useTcp
          ? LabNetwork.TCP_SERVER_PORTS.get(random.nextInt(LabNetwork.TCP_SERVER_PORTS.size()))
          : LabNetwork.UDP_SERVER_PORTS.get(random.nextInt(LabNetwork.UDP_SERVER_PORTS.size()));
      byte[] payload = ("traffic " + h.role() + "\n").getBytes(StandardCharsets.US_ASCII);
      try {
        inFlight.put(h, hostThreads.get(h).submit(() -> useTcp
            ? Probes.tcp(ip, port, EXCHANGE_TIMEOUT, true)
            : Probes.udp(ip, port, payload, EXCHANGE_TIMEOUT)));
        started.incrementAndGet();
      } catch (RuntimeException e) {
        // Lab is closing; the next tick or close() ends the generator.
        return;
      }
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    for (ExecutorService ex : hostThreads.values()) {
      ex.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "TrafficGenerator[" + lab.prefix() + "]";
  }
}
