package dev.sekisho.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sekisho.config.ParseException;
import dev.sekisho.lab.LabSeed;
import dev.sekisho.ruleset.RulesetCompiler;
import dev.sekisho.ruleset.SafeRuleset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The boot files: atomic replacement, rotation to the previous file, owner-only permissions. */
class RulesetFileTest {
  @TempDir
  Path dir;

  @Test
  void nothingSavedReadsAsEmpty() throws IOException {
    RulesetFile f = new RulesetFile(dir.resolve("new"));
    assertEquals(Optional.empty(), f.current());
    assertEquals(Optional.empty(), f.previous());
    assertEquals(Optional.empty(), f.management());
  }

  @Test
  void eachWriteRotatesTheCurrentToThePrevious() throws IOException {
    RulesetFile f = new RulesetFile(dir);
    f.write("A\n");
    assertEquals(Optional.of("A\n"), f.current());
    assertEquals(Optional.empty(), f.previous());
    f.write("B\n");
    assertEquals(Optional.of("B\n"), f.current());
    assertEquals(Optional.of("A\n"), f.previous());
    f.write("C\n");
    assertEquals(Optional.of("C\n"), f.current());
    assertEquals(Optional.of("B\n"), f.previous());
  }

  @Test
  void writingTheCurrentTextAgainKeepsTheOlderFallback() throws IOException {
    RulesetFile f = new RulesetFile(dir);
    f.write("A\n");
    f.write("B\n");
    f.write("B\n");
    assertEquals(Optional.of("B\n"), f.current());
    assertEquals(Optional.of("A\n"), f.previous(), "previous must stay a different ruleset");
  }

  @Test
  void filesAreOwnerOnlyAndNoTemporaryFileIsLeft() throws IOException {
    RulesetFile f = new RulesetFile(dir.resolve("data"));
    f.persist(new AppliedState(Instant.EPOCH, LabSeed.base(), "X\n"));
    f.persist(new AppliedState(Instant.EPOCH, LabSeed.base(), "Y\n"));
    for (String name : List.of(RulesetFile.CURRENT, RulesetFile.PREVIOUS, RulesetFile.MANAGEMENT)) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.path(name))), name);
    }
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.dir())),
        "a data directory created here is owner-only too");
    assertEquals(Set.of(RulesetFile.CURRENT, RulesetFile.PREVIOUS, RulesetFile.MANAGEMENT), names(f.dir()));
  }

  @Test
  void temporaryFilesOfACrashedWriteAreIgnoredAndRemoved() throws IOException {
    RulesetFile f = new RulesetFile(dir);
    f.write("A\n");
    // A crash between creating and renaming the temporary file leaves it behind, half written.
    Files.writeString(dir.resolve(".sekisho-123.tmp"), "table inet sek", StandardCharsets.UTF_8);
    assertEquals(Optional.of("A\n"), f.current());
    f.write("B\n");
    assertEquals(Set.of(RulesetFile.CURRENT, RulesetFile.PREVIOUS), names(dir));
  }

  @Test
  void managementIsSavedFromTheConfigurationAndReadBack() throws IOException {
    RulesetFile f = new RulesetFile(dir);
    var config = LabSeed.base().withSettings(s -> s.withAdminPort(8443).withSshFromLan(false));
    f.persist(new AppliedState(Instant.EPOCH, config, RulesetCompiler.compile(config).text()));
    assertEquals(Optional.of(new SafeRuleset.Management(List.of("lan0"), 8443, false)), f.management());
    assertEquals(Optional.of(RulesetCompiler.compile(config).text()), f.current());
  }

  @Test
  void aBrokenManagementFileIsRefusedNotGuessed() throws IOException {
    RulesetFile f = new RulesetFile(dir);
    Files.writeString(f.path(RulesetFile.MANAGEMENT), "lan=lan0\nadmin-port=80800\nssh-from-lan=true\n");
    assertThrows(ParseException.class, f::management);
    Files.writeString(f.path(RulesetFile.MANAGEMENT), "lan=lan0\"; flush ruleset\nadmin-port=80\nssh-from-lan=true\n");
    assertThrows(ParseException.class, f::management);
    Files.writeString(f.path(RulesetFile.MANAGEMENT), "lan=lan0\nadmin-port=80\n");
    assertThrows(ParseException.class, f::management);
  }

  /**
   * A reader polling the current file while rulesets of very different lengths are written must only ever see
   * one of the complete texts (or, before the first write, no file).
   */
  @Test
  void aReaderNeverSeesAHalfWrittenFile() throws Exception {
    RulesetFile f = new RulesetFile(dir);
    List<String> versions = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      versions.add(("# version " + i + "\n").repeat(1 + (i % 7) * 3000));
    }
    Set<String> complete = new HashSet<>(versions);
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger reads = new AtomicInteger();
    AtomicReference<String> torn = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      for (int i = 0; i < 1_000_000 && !done.get(); i++) {
        try {
          Optional<String> seen = f.current();
          reads.incrementAndGet();
          if (seen.isPresent() && !complete.contains(seen.get())) {
            torn.set(seen.get().length() + " chars");
            return;
          }
        } catch (IOException e) {
          torn.set(e.toString());
          return;
        }
      }
    }, "ruleset-reader");
    reader.start();
    try {
      for (String v : versions) {
        f.write(v);
      }
    } finally {
      done.set(true);
      reader.join(10_000);
    }
    assertFalse(reader.isAlive());
    assertEquals(null, torn.get(), "a reader saw a file that is none of the written versions");
    assertTrue(reads.get() > 0);
    assertEquals(Optional.of(versions.get(versions.size() - 1)), f.current());
  }

  private static Set<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      Set<String> out = new HashSet<>();
      s.forEach(p -> out.add(p.getFileName().toString()));
      return out;
    }
  }
}
