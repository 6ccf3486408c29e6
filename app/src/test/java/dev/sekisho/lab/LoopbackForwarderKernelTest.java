package dev.sekisho.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A program on the machine reaches a server inside gw through 127.0.0.1, entering from the LAN. */
@KernelTest
class LoopbackForwarderKernelTest {

  @RegisterExtension
  final LabExtension fixture = LabExtension.lab();
  private LabNetwork lab;
  private HttpServer http;

  @BeforeEach
  void setUp() {
    lab = fixture.network();
  }

  /** Before the extension closes the lab: the server's dispatcher thread lives in the gateway. */
  @AfterEach
  void stopServer() {
    if (http != null) {
      http.stop(0);
    }
  }

  @Test
  void httpServerInGatewaySeesTheLaptopAsClient() throws Exception {
    // Started on the gw thread: the listening socket and the dispatcher thread live in gw.
    http = lab.inGateway(() -> {
      HttpServer s = HttpServer.create(new InetSocketAddress(LabNetwork.GW_LAN_IP, 0), 10);
      s.createContext("/", ex -> {
        byte[] body = ("client=" + ex.getRemoteAddress().getAddress().getHostAddress())
            .getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream os = ex.getResponseBody()) {
          os.write(body);
        }
      });
      s.start();
      return s;
    });
    int panelPort = http.getAddress().getPort();
    // Not reachable directly from the machine: the address only exists inside the lab.
    assertThrows(IOException.class, () -> {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(LabNetwork.GW_LAN_IP, panelPort), 300);
      }
    });

    LoopbackForwarder fwd = lab.forward("laptop", 0, LabNetwork.GW_LAN_IP, panelPort);
    assertTrue(fwd.port() > 0);
    for (int i = 0; i < 3; i++) {
      HttpURLConnection c = (HttpURLConnection) new URL(fwd.httpUrl() + "/").openConnection();
      c.setConnectTimeout(2000);
      c.setReadTimeout(2000);
      assertEquals(200, c.getResponseCode());
      try (InputStream in = c.getInputStream()) {
        assertEquals("client=" + LabHost.LAPTOP.ip(),
            new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void rawTcpBothDirectionsAndConcurrentConnections() throws Exception {
    ServerSocket echo = lab.inGateway(
        () -> new ServerSocket(0, 10, InetAddress.getByName(LabNetwork.GW_LAN_IP)));
    ExecutorService serverThreads = Executors.newFixedThreadPool(4);
    try {
      serverThreads.execute(() -> acceptEcho(echo, serverThreads));
      LoopbackForwarder fwd = lab.forward("guest", 0, LabNetwork.GW_LAN_IP, echo.getLocalPort());
      ExecutorService clients = Executors.newFixedThreadPool(3);
      try {
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          String msg = "hello " + i;
          answers.add(clients.submit(() -> roundTrip(fwd.port(), msg)));
        }
        for (int i = 0; i < 3; i++) {
          assertEquals("hello " + i + " from " + LabHost.GUEST.ip(),
              answers.get(i).get(5, TimeUnit.SECONDS));
        }
      } finally {
        clients.shutdownNow();
      }
      fwd.close();
      assertThrows(ConnectException.class, () -> roundTrip(fwd.port(), "after close"));
    } finally {
      echo.close();
      serverThreads.shutdownNow();
    }
  }

  @Test
  void refusesToListenFromInsideANamespace() {
    Netns laptop = lab.namespace("laptop");
    LabException e = assertThrows(LabException.class,
        () -> lab.in("laptop", () -> LoopbackForwarder.open(0, laptop, "192.168.77.1", 80)));
    assertTrue(e.getMessage().contains("process namespace"), e.getMessage());
  }

  private static String roundTrip(int port, String msg) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(3000);
      s.getOutputStream().write((msg + "\n").getBytes(StandardCharsets.UTF_8));
      s.shutdownOutput();
      BufferedReader r = new BufferedReader(
          new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      return r.readLine();
    }
  }

  /** Echoes one line per connection, appending the client address the gateway saw. */
  private static void acceptEcho(ServerSocket ss, ExecutorService pool) {
    while (!ss.isClosed()) {
      try {
        Socket c = ss.accept();
        pool.execute(() -> {
          try (c) {
            c.setSoTimeout(3000);
            String line = new BufferedReader(
                new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8)).readLine();
            c.getOutputStream().write((line + " from " + c.getInetAddress().getHostAddress() + "\n")
                .getBytes(StandardCharsets.UTF_8));
          } catch (IOException e) {
            // The test's assertions report missing answers.
          }
        });
      } catch (IOException e) {
        return;
      }
    }
  }
}
