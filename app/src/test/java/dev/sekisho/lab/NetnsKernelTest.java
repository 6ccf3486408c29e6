package dev.sekisho.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The namespace primitive: creation, exec, dedicated threads, deletion. */
@KernelTest
class NetnsKernelTest {

  private String prefix;
  private Netns ns;

  @BeforeEach
  void setUp() {
    prefix = NetnsSupport.newPrefix();
    ns = Netns.create(prefix + "solo");
  }

  @AfterEach
  void tearDown() {
    if (ns != null) {
      ns.close();
      KernelTests.assertNoNamespacesWithPrefix(prefix);
    }
  }

  @Test
  void execRunsInsideTheNamespace() {
    assertTrue(NetnsSupport.listNamespaces().contains(ns.name()));
    ExecResult r = ns.exec("ip", "-o", "link", "show");
    assertTrue(r.ok(), r.describe());
    // A fresh namespace has only loopback, which create() brought up.
    assertEquals(1, r.stdout().strip().lines().count(), r.stdout());
    assertTrue(r.stdout().contains("lo:") && r.stdout().contains("UP"), r.stdout());
  }

  @Test
  void callRunsOnAThreadInTheNamespace() throws Exception {
    String outside = NetnsSupport.currentThreadNamespaceId();
    String inside = ns.call(NetnsSupport::currentThreadNamespaceId);
    assertNotEquals(outside, inside);
    // The same dedicated thread is reused for later calls, still inside.
    assertEquals(inside, ns.call(NetnsSupport::currentThreadNamespaceId));
    // A socket made on that thread lives in the namespace: its loopback listener is invisible
    // from the process namespace. (NetworkInterface enumeration is not a good check: the JDK
    // reads parts of it from /proc/net, which follows the main thread's namespace.)
    try (ServerSocket inner =
        ns.call(() -> new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))) {
      assertThrows(ConnectException.class,
          () -> new Socket(InetAddress.getLoopbackAddress(), inner.getLocalPort()).close());
      assertTrue(ns.call(() -> {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), inner.getLocalPort())) {
          return s.isConnected();
        }
      }));
    }
    // The caller's thread was never moved.
    assertEquals(outside, NetnsSupport.currentThreadNamespaceId());
  }

  @Test
  void extraExecutorsLiveInTheNamespaceAndStopOnClose() throws Exception {
    ExecutorService ex = ns.newExecutor("extra", 2);
    String inside = ns.call(NetnsSupport::currentThreadNamespaceId);
    assertEquals(inside, ex.submit(NetnsSupport::currentThreadNamespaceId).get());
    ex.execute(() -> { });
    ns.close();
    assertTrue(ex.isShutdown());
    assertTrue(ns.isClosed());
    assertFalse(NetnsSupport.listNamespaces().contains(ns.name()));
    assertThrows(LabException.class, () -> ns.call(() -> 1));
    ns.close(); // idempotent
  }

  @Test
  void nestedCallDoesNotDeadlock() throws Exception {
    String inside = ns.call(NetnsSupport::currentThreadNamespaceId);
    assertEquals(inside, ns.call(() -> ns.call(NetnsSupport::currentThreadNamespaceId)));
  }

  @Test
  void callRethrowsTaskExceptions() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ns.call(() -> {
          throw new IllegalStateException("boom");
        }));
    assertEquals("boom", e.getMessage());
  }

  @Test
  void execTimesOut() {
    ExecResult r = ns.exec(java.time.Duration.ofMillis(200), "sleep", "30");
    assertTrue(r.timedOut());
  }
}
