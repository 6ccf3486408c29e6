package dev.sekisho.cli;

import dev.sekisho.config.Config;
import dev.sekisho.config.NetInterface;
import dev.sekisho.config.Role;
import dev.sekisho.crypto.TlsFiles;
import dev.sekisho.crypto.TlsIdentity;
import dev.sekisho.web.Https;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The panel's certificate at start: the stored one, or a new self-signed one for the panel's addresses. */
final class TlsSetup {
  private static final Logger LOG = LoggerFactory.getLogger(TlsSetup.class);
  private static final Set<String> WILDCARDS = Set.of("", "0.0.0.0", "::", "[::]");

  private TlsSetup() {}

  static Https https(TlsFiles files, String listenHost, Config config, Instant now) {
    try {
      TlsFiles.Loaded loaded = files.loadOrCreate(names(listenHost, config), now);
      TlsIdentity id = loaded.identity();
      if (loaded.created()) {
        LOG.info("generated a self-signed certificate for the panel ({}), SHA-256 {}", id.names(), id.fingerprint());
      }
      id.problems(now).forEach(p -> LOG.warn("the panel's certificate: {}", p));
      return new Https(id, files);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the panel's certificate", e);
    }
  }

  /**
   * What a browser may call the panel: the listen address unless it is a wildcard, the LAN interfaces'
   * addresses, and this machine's loopback names (for a forwarded port or an SSH tunnel).
   */
  static List<String> names(String listenHost, Config config) {
    List<String> out = new ArrayList<>();
    if (listenHost != null && !WILDCARDS.contains(listenHost)) {
      out.add(listenHost);
    }
    for (NetInterface i : config.interfaces(Role.LAN)) {
      if (i.address() != null) {
        out.add(i.address().address().toString());
      }
    }
    out.add("localhost");
    out.add("127.0.0.1");
    return out;
  }
}
