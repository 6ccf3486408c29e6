package dev.sekisho.ruleset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sekisho.config.Config;
import dev.sekisho.config.ConfigCodec;
import dev.sekisho.config.Problem;
import dev.sekisho.config.FuzzChecks;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the configuration's JSON reader ({@code ConfigCodec} on {@code StrictJson}), the
 * text stored in revisions and given to the command line, and of what comes after it: every configuration
 * the reader accepts goes through {@link RulesetCompiler#tryCompile}. Nothing on that path may throw: the
 * reader and the validator report problems, never exceptions, so any exception is a finding. The properties
 * checked besides: nothing is half-read, problems are short and never echo invisible characters, and an
 * accepted configuration writes back to JSON that reads as the same configuration.
 *
 * <p>{@code mvn test} replays {@code ConfigJsonFuzzTestInputs/configJson/} (the golden configurations as
 * seeds and what the fuzzer found); {@code ConfigCorpusKernelTest} runs every accepted, compiled input of that
 * corpus through {@code nft -c}. README, Tests, "Fuzzing" says how to fuzz.
 */
class ConfigJsonFuzzTest {

  @FuzzTest(maxDuration = "10m")
  @DictionaryEntries({"\"interfaces\"", "\"hosts\"", "\"rules\"", "\"settings\"", "\"name\"", "\"role\"",
      "\"address\"", "\"lan\"", "\"wan\"", "\"id\"", "\"mac\"", "\"ip\"", "\"source\"", "\"destination\"",
      "\"protocol\"", "\"ports\"", "\"action\"", "\"log\"", "\"comment\"", "\"enabled\"", "\"lanDefault\"",
      "\"masquerade\"", "\"adminPort\"", "\"sshFromLan\"", "\"antiLockout\"", "\"allow\"", "\"deny\"",
      "\"reject\"", "\"tcp\"", "\"udp\"", "\"tcp+udp\"", "\"icmp\"", "\"any\"", "true", "false", "null",
      "\"192.168.1.1\"", "\"10.0.0.0/8\"", "\"0.0.0.0/0\"", "\"1-65535\"", "\"02:00:00:00:00:01\"",
      "\"eth0\"", "\"192.168.1.1/24\""})
  void configJson(byte[] input) {
    check(new String(input, StandardCharsets.UTF_8));
  }

  /** The properties, for one input; package-private so that the kernel test can share the reading. */
  static Compilation check(String json) {
    ConfigCodec.Parsed parsed = ConfigCodec.parse(json);
    if (!parsed.ok()) {
      assertNull(parsed.config(), "nothing is half-read");
      assertFalse(parsed.problems().isEmpty(), "a refusal says why");
      parsed.problems().forEach(FuzzChecks::assertShownSafely);
      return null;
    }
    Config config = parsed.config();
    assertEquals(config, ConfigCodec.parse(ConfigCodec.toJson(config)).config(),
        "an accepted configuration reads back the same from the JSON it writes");
    Compilation compilation = RulesetCompiler.tryCompile(config);
    if (compilation.ok()) {
      CompiledRuleset ruleset = compilation.ruleset();
      assertNotNull(ruleset.text());
      assertTrue(ruleset.text().contains("table " + RulesetCompiler.TABLE), "one table, Sekisho's own");
    } else {
      assertFalse(compilation.problems().isEmpty());
      for (Problem p : compilation.problems()) {
        FuzzChecks.assertShownSafely(p);
      }
    }
    return compilation;
  }
}
