package dev.sekisho.ruleset;

import dev.sekisho.config.Config;
import dev.sekisho.config.ConfigCodec;
import dev.sekisho.config.ConfigValidator;
import dev.sekisho.config.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The golden cases under {@code app/src/test/resources/golden/}: one folder per case with {@code config.json}
 * (and {@code clock.txt} for the moment, see {@link Case#time}) and either {@code expected.nft} (it compiles to exactly this) or {@code expected-problems.txt} (it is
 * refused with exactly these located problems, one per line).
 */
final class GoldenCases {
  static final Path ROOT = Path.of("app/src/test/resources/golden");
  static final Path SAFE_ROOT = Path.of("app/src/test/resources/golden-safe");
  /** The compile instant of every case, so temporary rules' timeouts are the same on every run. */
  static final java.time.Instant CLOCK = java.time.Instant.parse("2026-12-04T12:00:00Z");

  private GoldenCases() {}

  /** One case folder. */
  record Case(String name, Path dir) {
    String configJson() {
      return read(dir.resolve("config.json"));
    }

    Path expectedNft() {
      return dir.resolve("expected.nft");
    }

    Path expectedProblems() {
      return dir.resolve("expected-problems.txt");
    }

    /** Problems from reading and then from validating, as the admin would see them. */
    List<Problem> problems() {
      ConfigCodec.Parsed parsed = ConfigCodec.parse(configJson());
      if (!parsed.ok()) {
        return parsed.problems();
      }
      return ConfigValidator.validate(parsed.config());
    }

    /**
     * The moment the case is compiled for: {@code clock.txt} holds an instant and optionally the kernel's
     * minutes west of UTC (schedules depend on both); without it {@link #CLOCK} (temporary rules' timeouts count
     * from it). The system zone is UTC.
     */
    TimeBasis time() {
      Path p = dir.resolve("clock.txt");
      if (!Files.exists(p)) {
        return new TimeBasis(CLOCK, java.time.ZoneOffset.UTC, 0);
      }
      String[] parts = read(p).strip().split("\\s+");
      return new TimeBasis(java.time.Instant.parse(parts[0]), java.time.ZoneOffset.UTC,
          parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
    }

    Config config() {
      ConfigCodec.Parsed parsed = ConfigCodec.parse(configJson());
      if (!parsed.ok()) {
        throw new AssertionError(name + ": " + parsed.problems());
      }
      return parsed.config();
    }
  }

  static List<Case> all() {
    try (Stream<Path> dirs = Files.list(ROOT)) {
      List<Case> out = new ArrayList<>();
      dirs.filter(Files::isDirectory).sorted().forEach(d -> out.add(new Case(d.getFileName().toString(), d)));
      if (out.isEmpty()) {
        throw new AssertionError("no golden cases found under " + ROOT.toAbsolutePath());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The safe-ruleset cases under {@code golden-safe/}: one folder per case with {@code management.properties}
   * (what {@code restore-boot} saved) and {@code expected.nft}.
   */
  static List<Path> safeCases() {
    try (Stream<Path> dirs = Files.list(SAFE_ROOT)) {
      List<Path> out = dirs.filter(Files::isDirectory).sorted().toList();
      if (out.isEmpty()) {
        throw new AssertionError("no safe-ruleset cases found under " + SAFE_ROOT.toAbsolutePath());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path p, String s) {
    try {
      Files.writeString(p, s, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
