package dev.sekisho.ruleset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.ParseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The safe ruleset as golden text (regenerate with {@code -Dgolden.update=true} and review the diff), and the
 * properties that must hold for any input: input and forward drop by default, nothing forwarded, only
 * management let in. {@code GoldenKernelTest} runs the same files through {@code nft -c} and {@code nft -f}.
 */
class SafeRulesetTest {
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  @TestFactory
  Stream<DynamicTest> goldenCases() {
    return GoldenCases.safeCases().stream().map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), () -> {
      SafeRuleset.Management m = SafeRuleset.Management.parse(GoldenCases.read(d.resolve("management.properties")));
      String actual = SafeRuleset.compile(m);
      Path expected = d.resolve("expected.nft");
      if (UPDATE) {
        GoldenCases.write(expected, actual);
      }
      assertTrue(Files.exists(expected), d + ": no expected.nft:\n" + actual);
      assertEquals(GoldenCases.read(expected), actual, d.toString());
    }));
  }

  @Test
  void neverOpen() {
    for (SafeRuleset.Management m : List.of(SafeRuleset.Management.UNKNOWN,
        new SafeRuleset.Management(List.of("eth1"), 443, false),
        new SafeRuleset.Management(List.of("a", "b"), 1, true))) {
      String text = SafeRuleset.compile(m);
      assertTrue(text.contains("hook input priority filter; policy drop;"), text);
      assertTrue(text.contains("hook forward priority filter; policy drop;"), text);
      String forward = text.substring(text.indexOf("chain forward"));
      assertFalse(forward.contains("accept"), "nothing is forwarded:\n" + text);
      long accepts = text.lines().filter(l -> l.contains(" accept ")).count();
      assertEquals(2, accepts, "only loopback and management are accepted outright:\n" + text);
      assertFalse(text.contains("flush ruleset"));
      assertTrue(text.startsWith("# Sekisho safe ruleset"));
    }
  }

  @Test
  void managementRoundTripsThroughItsFileForm() {
    SafeRuleset.Management m = new SafeRuleset.Management(List.of("lan0", "lan1", "lan0"), 8443, false);
    assertEquals(List.of("lan0", "lan1"), m.lanInterfaces());
    assertEquals(m, SafeRuleset.Management.parse(m.toText()));
    assertEquals(SafeRuleset.Management.UNKNOWN, SafeRuleset.Management.parse(SafeRuleset.Management.UNKNOWN.toText()));
  }

  @Test
  void aBadManagementFileIsRefused() {
    for (String bad : List.of("", "lan=lan0\nadmin-port=80\n", "lan=lan0\nadmin-port=80\nssh-from-lan=yes\n",
        "lan=lan0\nadmin-port=0\nssh-from-lan=true\n", "lan=lan0 x\nadmin-port=80\nssh-from-lan=true\n",
        "lan=lan0\nlan=lan1\nadmin-port=80\nssh-from-lan=true\n", "lan=lan0\nadmin-port=80\nssh-from-lan=true\nx=1\n",
        "lan=lan0,\nadmin-port=80\nssh-from-lan=true\n")) {
      assertThrows(ParseException.class, () -> SafeRuleset.Management.parse(bad), bad);
    }
  }
}
