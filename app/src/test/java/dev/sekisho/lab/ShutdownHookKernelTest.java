package dev.sekisho.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A lab left open by a JVM that is terminated (as with Ctrl-C) is removed by the shutdown hook. */
@KernelTest
class ShutdownHookKernelTest {

  /** Child JVM: builds a lab, reports its prefix, then waits (bounded) to be terminated. */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) throws Exception {
      LabNetwork lab = LabNetwork.create();
      System.out.println("READY " + lab.prefix());
      System.out.flush();
      Thread.sleep(30_000);
    }
  }

  @Test
  void terminatedJvmCleansUp() throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Child.class.getName()).redirectErrorStream(true).start();
    String prefix = null;
    try {
      BufferedReader r = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("READY ")) {
          prefix = line.substring(6).strip();
          break;
        }
      }
      assertTrue(prefix != null, "child never reported READY");
      String pfx = prefix;
      assertTrue(NetnsSupport.listNamespaces().stream().anyMatch(n -> n.startsWith(pfx)));
      p.destroy(); // SIGTERM runs shutdown hooks, like SIGINT from Ctrl-C
      assertTrue(p.waitFor(15, TimeUnit.SECONDS), "child did not exit");
      KernelTests.assertNoNamespacesWithPrefix(prefix);
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
      // If the hook failed, the child's pid is dead now: clean up like the next run would.
      if (prefix != null) {
        List<String> deleted = NetnsSupport.deleteStaleNamespaces();
        assertTrue(deleted.isEmpty(), "shutdown hook left namespaces: " + deleted);
      }
    }
  }
}
