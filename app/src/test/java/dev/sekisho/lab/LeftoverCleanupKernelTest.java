package dev.sekisho.lab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Namespaces of crashed runs are removed by the next lab; those of live processes are kept. */
@KernelTest
class LeftoverCleanupKernelTest {

  private final List<String> created = new ArrayList<>();
  private Process liveOwner;

  @AfterEach
  void tearDown() {
    for (String name : created) {
      NetnsSupport.run(Duration.ofSeconds(5), null, List.of("ip", "netns", "delete", name));
    }
    if (liveOwner != null) {
      liveOwner.destroyForcibly();
    }
    for (String name : created) {
      assertFalse(NetnsSupport.listNamespaces().contains(name), name + " left behind");
    }
  }

  private void addNamespace(String name) {
    NetnsSupport.run(Duration.ofSeconds(5), null, List.of("ip", "netns", "add", name)).requireOk();
    created.add(name);
  }

  @Test
  void staleNamespacesAreDeletedAndLiveOnesKept() throws Exception {
    // A PID that certainly existed and is now gone: a process we started and waited for.
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    long deadPid = gone.pid();
    liveOwner = new ProcessBuilder("sleep", "60").start();
    long livePid = liveOwner.pid();

    String stale = "sk" + deadPid + "x1-gw";
    String live = "sk" + livePid + "x1-gw";
    addNamespace(stale);
    addNamespace(live);

    try (LabNetwork lab = LabNetwork.create()) {
      List<String> now = NetnsSupport.listNamespaces();
      assertFalse(now.contains(stale), "stale namespace of dead pid " + deadPid + " survived");
      assertTrue(now.contains(live), "namespace of live pid " + livePid + " was deleted");
      assertTrue(now.containsAll(lab.namespaceNames()), "the new lab's own namespaces exist");
    }
  }
}
