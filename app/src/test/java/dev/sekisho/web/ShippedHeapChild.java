package dev.sekisho.web;

import dev.sekisho.apply.RollbackTimer;
import dev.sekisho.cli.Appliance;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The appliance in a process of its own, for {@link ShippedHeapTest}, which starts it with the service's
 * {@code -Xmx256m}: the real wiring with a recording nft, real time and the real rollback timer, the admin
 * password set at first start. Arguments: the data directory and the admin password. Prints {@code PORT n}
 * once it serves.
 */
public final class ShippedHeapChild {
  private ShippedHeapChild() {}

  public static void main(String[] args) throws Exception {
    Appliance app = Appliance.builder().dataDir(Path.of(args[0])).nft(new FakeNft())
        .clock(Clock.systemDefaultZone()).environment(Map.of()).timer(RollbackTimer.daemon())
        .adminPassword(args[1]).listen("127.0.0.1", 0).open().start();
    System.out.println("PORT " + app.port());
    System.out.flush();
    // Bounded: the test stops this process long before; if it does not, leave on our own.
    Thread.sleep(Duration.ofSeconds(180).toMillis());
    System.exit(3);
  }
}
