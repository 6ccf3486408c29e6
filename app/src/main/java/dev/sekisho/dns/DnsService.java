package dev.sekisho.dns;

import dev.sekisho.apply.LearnedSets;
import dev.sekisho.apply.Nft;
import dev.sekisho.config.Config;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Role;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's DNS side as the appliance runs it: one {@link DomainLearner} for the configuration in force
 * and a {@link DnsForwarder} on the first LAN interface's address while the settings name an upstream
 * resolver, started, moved or stopped when a configuration comes into force ({@link #reconcile}).
 */
public final class DnsService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DnsService.class);

  private final DomainLearner learner;
  private final Supplier<ExecutorService> threads;
  private DnsForwarder forwarder;
  private ExecutorService running;
  private InetSocketAddress listen;
  private InetSocketAddress upstream;
  private String lastError;

  /**
   * The service for the configuration {@code inForce} returns (null when none), setting elements through
   * {@code nft}; {@code threads} makes the forwarder's executor (in the lab, one in the gateway's namespace).
   */
  public DnsService(Supplier<Config> inForce, Nft nft, Supplier<ExecutorService> threads) {
    this.learner = new DomainLearner(inForce, new LearnedSets(nft));
    this.threads = threads;
  }

  /** The learner, for explanations and the flow view. */
  public DomainLearner learner() {
    return learner;
  }

  /** The forwarder's counters, or empty while it is off. */
  public synchronized Optional<DnsForwarder.Stats> stats() {
    return forwarder == null ? Optional.empty() : Optional.of(forwarder.stats());
  }

  /** Why the forwarder could not start, or null. */
  public synchronized String lastError() {
    return lastError;
  }

  /** Starts, moves or stops the forwarder for the configuration now in force. */
  public synchronized void reconcile(Config c) {
    InetSocketAddress wantListen = null;
    InetSocketAddress wantUp = null;
    if (c != null && c.settings().dnsUpstream() != null) {
      NetInterface lan = c.interfaces(Role.LAN).stream().filter(i -> i.address() != null).findFirst().orElse(null);
      if (lan != null) {
        try {
          wantListen = new InetSocketAddress(InetAddress.getByName(lan.address().address().toString()), 53);
          wantUp = new InetSocketAddress(InetAddress.getByName(c.settings().dnsUpstream().toString()), 53);
        } catch (IOException e) {
          wantListen = null;
        }
      }
    }
    if (Objects.equals(wantListen, listen) && Objects.equals(wantUp, upstream) && (forwarder != null) == (wantListen
        != null)) {
      return;
    }
    stop();
    if (wantListen == null) {
      return;
    }
    ExecutorService ex = threads.get();
    try {
      forwarder = DnsForwarder.start(wantListen, wantUp, learner, ex);
      running = ex;
      listen = wantListen;
      upstream = wantUp;
      lastError = null;
    } catch (IOException e) {
      ex.shutdownNow();
      lastError = e.toString();
      LOG.error("the DNS forwarder could not listen on {}: {}", wantListen, e.toString());
    }
  }

  private void stop() {
    if (forwarder != null) {
      forwarder.close();
      forwarder = null;
    }
    if (running != null) {
      running.shutdownNow();
      running = null;
    }
    listen = null;
    upstream = null;
  }

  /** Stops the forwarder; learned elements stay in the kernel until they expire. */
  @Override
  public synchronized void close() {
    stop();
  }
}
