package dev.sekisho.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the live flow view to open pages with server-sent events. One daemon thread ticks every
 * {@link #INTERVAL}; for each open stream it builds the view for that stream's filter and sends it as JSON
 * (the whole view first, then {@link #DELTA_EVENT}s with only what changed) when it differs from the last one
 * sent (so at most two updates a second, and none while nothing changes, only a keep-alive comment). A stream ends when its session ends (logout, expiry): the stream itself does
 * not keep the session alive. At most {@link #MAX_STREAMS} streams are open at once, at most
 * {@link #MAX_PER_SESSION} of one session.
 */
final class FlowStreams implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FlowStreams.class);
  /** Time between updates. */
  static final Duration INTERVAL = Duration.ofMillis(500);
  /** A comment this often keeps proxies and the browser from closing an idle stream. */
  static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
  /** Open streams at most; each costs a query per tick. */
  static final int MAX_STREAMS = 8;
  /** Open streams of one session at most (a couple of tabs), so that one session cannot take every slot. */
  static final int MAX_PER_SESSION = 2;
  /** The event name the page's script listens for: a whole view (the first of a stream). */
  static final String EVENT = "flows";
  /**
   * The event of every later update: only what changed since the previous event of the same stream, as a JSON
   * object with the view's changed fields (whole), and, when the flow list kept its length, {@code flowRows}
   * mapping the index of each changed row to the row instead of the whole list (issue 15: deltas, not tables).
   */
  static final String DELTA_EVENT = "flows-delta";

  /** JSON that is safe even if something treats it as HTML: {@code < > & '} are written as \\u escapes. */
  static final ObjectMapper JSON = new ObjectMapper();

  static {
    JSON.getFactory().setCharacterEscapes(new HtmlSafeEscapes());
  }

  private final Function<FlowFilter, ?> views;
  private final String event;
  private final Predicate<String> sessionAlive;
  private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
  /** Slots taken per session id, counted from the check until the stream ends; guarded by {@code this}. */
  private final Map<String, Integer> slots = new HashMap<>();
  private int taken;
  private volatile long memoryErrors;
  private ScheduledExecutorService ticker;
  private boolean closed;

  /**
   * @param views builds the view for a filter
   * @param sessionAlive whether a session id still belongs to a logged-in admin, without extending it
   */
  FlowStreams(Function<FlowFilter, LiveView> views, Predicate<String> sessionAlive) {
    this(EVENT, views, sessionAlive);
  }

  /**
   * Streams of another live page (the decisions inbox): {@code views} builds its view (any value Jackson
   * writes), sent as events named {@code event}.
   */
  FlowStreams(String event, Function<FlowFilter, ?> views, Predicate<String> sessionAlive) {
    this.event = event;
    this.views = views;
    this.sessionAlive = sessionAlive;
  }

  private static final class Stream {
    final SseClient client;
    final FlowFilter filter;
    final String session;
    final AtomicBoolean released;
    String last = "";
    com.fasterxml.jackson.databind.JsonNode lastTree;
    long lastSent = System.nanoTime();

    Stream(SseClient client, FlowFilter filter, String session, AtomicBoolean released) {
      this.client = client;
      this.released = released;
      this.filter = filter;
      this.session = session;
    }
  }

  /**
   * Answers {@code GET /flows/stream}: an event stream for {@code Accept: text/event-stream} (what
   * {@code EventSource} sends), otherwise the current view once as a JSON document.
   */
  void handle(Context ctx, FlowFilter filter) throws Exception {
    String accept = ctx.header("Accept");
    if (accept == null || !accept.contains("text/event-stream")) {
      ctx.contentType("application/json; charset=utf-8").result(json(views.apply(filter)));
      return;
    }
    String session = Web.session(ctx).id();
    // The slot is taken atomically with the check, so parallel opens cannot all pass it.
    if (!take(session)) {
      ctx.status(HttpStatus.SERVICE_UNAVAILABLE).contentType("text/plain; charset=utf-8")
          .result(Lang.t("flows.too_many_streams"));
      return;
    }
    // The slot is given back exactly once: when the stream ends, or here if the handler fails outright.
    AtomicBoolean released = new AtomicBoolean();
    try {
      new SseHandler(client -> {
        client.keepAlive();
        Stream s = new Stream(client, filter, session, released);
        client.onClose(() -> drop(s));
        if (!start(s)) {
          drop(s);
          client.close();
          return;
        }
        send(s);
      }).handle(ctx);
    } catch (Exception | Error e) {
      if (released.compareAndSet(false, true)) {
        give(session);
      }
      throw e;
    }
  }

  private synchronized boolean take(String session) {
    int mine = slots.getOrDefault(session, 0);
    if (closed || taken >= MAX_STREAMS || mine >= MAX_PER_SESSION) {
      return false;
    }
    slots.put(session, mine + 1);
    taken++;
    return true;
  }

  private synchronized void give(String session) {
    int mine = slots.getOrDefault(session, 0);
    if (mine <= 1) {
      slots.remove(session);
    } else {
      slots.put(session, mine - 1);
    }
    taken = Math.max(0, taken - 1);
  }

  /** Removes the stream and gives its slot back, once whatever ends it (close, send, shutdown). */
  private void drop(Stream s) {
    streams.remove(s);
    if (s.released.compareAndSet(false, true)) {
      give(s.session);
    }
  }

  private synchronized boolean start(Stream s) {
    if (closed) {
      return false;
    }
    streams.add(s);
    if (ticker == null) {
      ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "flow-streams");
        t.setDaemon(true);
        return t;
      });
      long ms = INTERVAL.toMillis();
      ticker.scheduleAtFixedRate(this::tick, ms, ms, TimeUnit.MILLISECONDS);
    }
    return true;
  }

  private void tick() {
    // Nothing may leave this method: scheduleAtFixedRate silently stops the ticker after a throw, and every
    // open page would then freeze while still looking live.
    try {
      for (Stream s : streams) {
        try {
          if (!sessionAlive.test(s.session)) {
            s.client.close();
          } else {
            send(s);
          }
        } catch (RuntimeException e) {
          // One broken stream (or view) must not stop the others' updates.
          LOG.warn("live flow stream update failed; closing it", e);
          s.client.close();
        } catch (VirtualMachineError e) {
          // Out of memory building a view (a huge flow table, or another thread's allocation): the stream stays
          // open and gets the next tick's update; nothing is kept of this one.
          memoryErrors++;
          if (memoryErrors == 1 || memoryErrors % 100 == 0) {
            LOG.error("live flow stream update ran out of memory ({} times so far); trying again next tick",
                memoryErrors, e);
          }
        }
      }
    } catch (Throwable e) {
      LOG.error("live flow streams: tick failed; the next one runs as usual", e);
    }
  }

  /** Ticks that ran out of memory building a stream's view (only the ticker writes it). */
  long memoryErrors() {
    return memoryErrors;
  }

  private void send(Stream s) {
    // The first update is sent on the request's thread, later ones on the ticker's: one writer at a time.
    synchronized (s) {
      if (s.client.terminated()) {
        drop(s);
        return;
      }
      com.fasterxml.jackson.databind.JsonNode tree = JSON.valueToTree(views.apply(s.filter));
      long now = System.nanoTime();
      // deltas for the flows page, whose script merges them; other streams (the inbox) get whole views
      boolean deltas = event.equals(EVENT);
      com.fasterxml.jackson.databind.node.ObjectNode delta = s.lastTree == null ? null : delta(s.lastTree, tree);
      if (s.lastTree == null || (!deltas && !delta.isEmpty())) {
        String body = write(tree);
        s.client.sendEvent(event, body);
        s.last = body;
        s.lastTree = tree;
        s.lastSent = now;
      } else if (!delta.isEmpty()) {
        s.client.sendEvent(DELTA_EVENT, write(delta));
        s.lastTree = tree;
        s.lastSent = now;
      } else if (now - s.lastSent > KEEP_ALIVE.toNanos()) {
        s.client.sendComment("keep-alive");
        s.lastSent = now;
      }
    }
  }

  /**
   * The fields of {@code now} that differ from {@code before}; the changed flow rows by index when the list kept
   * its length.
   */
  static com.fasterxml.jackson.databind.node.ObjectNode delta(com.fasterxml.jackson.databind.JsonNode before,
      com.fasterxml.jackson.databind.JsonNode now) {
    com.fasterxml.jackson.databind.node.ObjectNode d = JSON.createObjectNode();
    now.properties().forEach(e -> {
      com.fasterxml.jackson.databind.JsonNode old = before.get(e.getKey());
      if (e.getValue().equals(old)) {
        return;
      }
      if (e.getKey().equals("flows") && old != null && old.isArray() && e.getValue().isArray()
          && old.size() == e.getValue().size()) {
        com.fasterxml.jackson.databind.node.ObjectNode rows = JSON.createObjectNode();
        for (int i = 0; i < old.size(); i++) {
          if (!old.get(i).equals(e.getValue().get(i))) {
            rows.set(Integer.toString(i), e.getValue().get(i));
          }
        }
        d.set("flowRows", rows);
      } else {
        d.set(e.getKey(), e.getValue());
      }
    });
    return d;
  }

  private static String write(com.fasterxml.jackson.databind.JsonNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the live view cannot be written as JSON", e);
    }
  }

  static String json(Object v) {
    try {
      return JSON.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the live view cannot be written as JSON", e);
    }
  }

  /** Number of open streams, for tests. */
  int open() {
    return streams.size();
  }

  /** Ends every stream and the ticker; called when the server stops. */
  @Override
  public void close() {
    ScheduledExecutorService t;
    synchronized (this) {
      closed = true;
      t = ticker;
      ticker = null;
    }
    if (t != null) {
      t.shutdownNow();
    }
    for (Stream s : streams) {
      s.client.close();
      drop(s);
    }
  }

  /** Jackson's standard JSON escapes plus the characters that mean something in HTML. */
  private static final class HtmlSafeEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] codes = CharacterEscapes.standardAsciiEscapesForJSON();

    HtmlSafeEscapes() {
      for (char c : new char[] {'<', '>', '&', '\''}) {
        codes[c] = CharacterEscapes.ESCAPE_STANDARD;
      }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return codes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return null;
    }
  }
}
