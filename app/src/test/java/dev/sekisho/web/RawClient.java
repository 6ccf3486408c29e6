package dev.sekisho.web;

import dev.sekisho.crypto.TestTrust;
import dev.sekisho.crypto.TlsIdentity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSocket;

/**
 * A tiny HTTP/1.1 client whose connections come from a chosen local address (e.g. 127.0.0.2), so a test can
 * be a second client address on loopback; Java 17's HttpClient cannot choose its source address. It keeps
 * cookies and the last {@code _csrf} like {@link Browser}, one request per connection.
 */
final class RawClient {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"");
  private final InetAddress from;
  private final int port;
  final Map<String, String> cookies = new LinkedHashMap<>();
  String csrf;

  /** A response: status, the Location header and the body. */
  record Reply(int status, String location, String body) {}

  private final TlsIdentity tls;

  /** Connects from {@code from} to the panel on {@code port} over TLS, trusting only {@code tls}. */
  RawClient(String from, int port, TlsIdentity tls) throws IOException {
    this.from = InetAddress.getByName(from);
    this.port = port;
    this.tls = tls;
  }

  Reply get(String path) throws IOException {
    return send("GET", path, null);
  }

  Reply post(String path, Map<String, String> form) throws IOException {
    Map<String, String> f = new LinkedHashMap<>(form);
    f.put("_csrf", csrf == null ? "" : csrf);
    return send("POST", path, f.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&")));
  }

  private Reply send(String method, String path, String body) throws IOException {
    try (Socket tcp = new Socket()) {
      tcp.bind(new InetSocketAddress(from, 0));
      tcp.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      tcp.setSoTimeout(30_000);
      SSLSocket s = (SSLSocket) TestTrust.context(tls).getSocketFactory().createSocket(tcp, "127.0.0.1", port, true);
      s.startHandshake();
      StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nConnection: close\r\n");
      if (!cookies.isEmpty()) {
        req.append("Cookie: ").append(cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("; "))).append("\r\n");
      }
      byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      if (body != null) {
        req.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
            .append(payload.length).append("\r\n");
      }
      OutputStream out = s.getOutputStream();
      out.write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      out.write(payload);
      out.flush();
      return parse(s.getInputStream().readAllBytes());
    }
  }

  private Reply parse(byte[] raw) throws IOException {
    String all = new String(raw, StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    String[] lines = all.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    String location = null;
    boolean chunked = false;
    for (int i = 1; i < lines.length; i++) {
      String[] kv = lines[i].split(":", 2);
      String name = kv[0].strip().toLowerCase();
      String value = kv[1].strip();
      if (name.equals("location")) {
        location = value;
      } else if (name.equals("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
        chunked = true;
      } else if (name.equals("set-cookie")) {
        String pair = value.split(";", 2)[0];
        int eq = pair.indexOf('=');
        String v = pair.substring(eq + 1).strip();
        if (v.isEmpty() || value.toLowerCase().contains("max-age=0")) {
          cookies.remove(pair.substring(0, eq).strip());
        } else {
          cookies.put(pair.substring(0, eq).strip(), v);
        }
      }
    }
    byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    String body = new String(chunked ? dechunk(new java.io.ByteArrayInputStream(rest)) : rest,
        StandardCharsets.UTF_8);
    Matcher m = CSRF.matcher(body);
    if (m.find()) {
      csrf = m.group(1);
    }
    return new Reply(status, location, body);
  }

  private static byte[] dechunk(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      StringBuilder size = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        if (c != '\r') {
          size.append((char) c);
        }
      }
      int n = size.length() == 0 ? 0 : Integer.parseInt(size.toString().split(";")[0].strip(), 16);
      if (n == 0) {
        return out.toByteArray();
      }
      out.write(in.readNBytes(n));
      in.readNBytes(2);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
