package dev.sekisho.lab;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A stand-in for the admin panel in kernel tests that do not run Sekisho's web server: a listener on the admin
 * port inside the lab gateway's namespace that answers each connection with {@code PANEL} and closes it.
 */
public final class PanelStandIn implements AutoCloseable {
  /** Connections served at most (every traffic loop in the lab is bounded). */
  static final int MAX_ACCEPTS = 1000;

  private final ServerSocket socket;

  private PanelStandIn(ServerSocket socket) {
    this.socket = socket;
  }

  /** Starts listening on {@code port} on all of the gateway's addresses. */
  public static PanelStandIn open(LabNetwork lab, int port) throws Exception {
    ServerSocket s = lab.inGateway(() -> new ServerSocket(port, 16, InetAddress.getByName("0.0.0.0")));
    Thread t = new Thread(() -> {
      for (int i = 0; i < MAX_ACCEPTS && !s.isClosed(); i++) {
        try (Socket c = s.accept(); OutputStream out = c.getOutputStream()) {
          out.write("PANEL\n".getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
          // closed at the end of the test, or a probe that went away
        }
      }
    }, "panel-standin");
    t.setDaemon(true);
    t.start();
    return new PanelStandIn(s);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
