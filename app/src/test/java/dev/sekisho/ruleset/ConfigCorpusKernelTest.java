package dev.sekisho.ruleset;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.lab.ExecResult;
import dev.sekisho.lab.KernelTest;
import dev.sekisho.lab.Netns;
import dev.sekisho.lab.NetnsSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fuzzer's corpus against the real nft: every input of {@link ConfigJsonFuzzTest}'s corpus that the
 * reader accepts and the compiler compiles must also pass {@code nft -c} (in a throwaway namespace). An
 * input Sekisho accepts but the kernel refuses would be a configuration the panel lets the admin save and
 * then cannot apply.
 */
@KernelTest
class ConfigCorpusKernelTest {
  static final Path CORPUS =
      Path.of("app/src/test/resources/dev/sekisho/ruleset/ConfigJsonFuzzTestInputs/configJson");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  static Netns ns;

  @BeforeAll
  static void namespace() {
    ns = Netns.create(NetnsSupport.newPrefix() + "-corpus");
  }

  @AfterAll
  static void cleanup() {
    if (ns != null) {
      ns.close();
    }
  }

  @Test
  void everyAcceptedCorpusInputPassesNftCheck() throws IOException {
    List<Path> inputs = new ArrayList<>(files(CORPUS));
    // A campaign's whole generated corpus can be checked too: -Dsekisho.fuzzCorpus=.cifuzz-corpus/<class>/<method>
    String extra = System.getProperty("sekisho.fuzzCorpus");
    if (extra != null && !extra.isBlank()) {
      inputs.addAll(files(Path.of(extra)));
    }
    List<String> refused = new ArrayList<>();
    int compiled = 0;
    for (Path in : inputs) {
      Compilation c = ConfigJsonFuzzTest.check(new String(Files.readAllBytes(in), StandardCharsets.UTF_8));
      if (c == null || !c.ok()) {
        continue;
      }
      compiled++;
      ExecResult check = ns.execWithInput(c.ruleset().text(), TIMEOUT, "nft", "-c", "-f", "-");
      if (!check.ok()) {
        refused.add(in.getFileName() + ": " + check.describe());
      }
    }
    assertTrue(compiled >= 5, "only " + compiled + " of " + inputs.size() + " corpus inputs compiled");
    assertTrue(refused.isEmpty(), "accepted and compiled, refused by nft -c: " + refused);
    System.out.println("[corpus] " + compiled + " of " + inputs.size() + " inputs compiled; all passed nft -c");
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
