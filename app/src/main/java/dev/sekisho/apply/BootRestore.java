package dev.sekisho.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sekisho.ruleset.RulesetCompiler;
import dev.sekisho.ruleset.SafeRuleset;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Puts Sekisho's table back at boot from files alone ({@link RulesetFile}): no database, no web server.
 * Candidates, in order: the last confirmed ruleset, the one confirmed before it, the safe ruleset for the
 * saved LAN interfaces, the generic safe ruleset. Each is checked with {@code nft -c} and loaded with one
 * {@code nft -f} as every apply is ({@code NftLoad}), then read back from the kernel: it counts only if
 * {@code input} and {@code forward} hook chains with policy drop are in force, so a tampered or truncated file
 * can never leave the gateway open or without Sekisho's table. The first candidate that passes stays; the
 * report says why the others did not.
 */
public final class BootRestore {
  /** Exit status: the last confirmed ruleset is in force. */
  public static final int EXIT_CONFIRMED = 0;
  /** Exit status: a fallback (previous or safe ruleset) is in force. */
  public static final int EXIT_FALLBACK = 3;
  /** Exit status: nothing could be loaded; the kernel's firewall is as it was before. */
  public static final int EXIT_NOTHING_LOADED = 4;

  private static final Pattern DEFINES_TABLE =
      Pattern.compile("(?m)^\\s*table\\s+" + Pattern.quote(RulesetCompiler.TABLE) + "\\s*\\{");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where a candidate ruleset comes from, in the order they are tried. */
  public enum Source {
    /** {@link RulesetFile#CURRENT}. */
    CONFIRMED("the last confirmed ruleset"),
    /** {@link RulesetFile#PREVIOUS}. */
    PREVIOUS("the previously confirmed ruleset"),
    /** The safe ruleset for the saved LAN interfaces ({@link RulesetFile#MANAGEMENT}). */
    SAFE("the safe ruleset for the saved LAN interfaces"),
    /** The safe ruleset for an unknown LAN: management from private addresses only. */
    GENERIC_SAFE("the generic safe ruleset (management from private addresses only)");

    private final String label;

    Source(String label) {
      this.label = label;
    }

    /** What it is, in words. */
    public String label() {
      return label;
    }
  }

  /** A candidate that was not kept, and why. */
  public record Rejected(Source source, String reason) {}

  /**
   * What a restore did.
   *
   * @param loaded the candidate now in force, or empty when none could be loaded
   * @param rejected the candidates tried before it (or all of them), in order
   */
  public record Report(Optional<Source> loaded, List<Rejected> rejected) {
    /** Copies the list. */
    public Report {
      rejected = List.copyOf(rejected);
    }

    /** {@link #EXIT_CONFIRMED}, {@link #EXIT_FALLBACK} or {@link #EXIT_NOTHING_LOADED}. */
    public int exitCode() {
      if (loaded.isEmpty()) {
        return EXIT_NOTHING_LOADED;
      }
      return loaded.get() == Source.CONFIRMED ? EXIT_CONFIRMED : EXIT_FALLBACK;
    }

    /** Human-readable lines, for standard error and the journal. */
    public List<String> lines() {
      List<String> out = new ArrayList<>();
      for (Rejected r : rejected) {
        out.add("rejected " + r.source().label() + ": " + r.reason());
      }
      out.add(loaded.map(s -> (s == Source.CONFIRMED ? "" : "FALLBACK: ") + "loaded " + s.label())
          .orElse("NOTHING LOADED: no candidate could be loaded and verified"));
      return out;
    }
  }

  private final Nft nft;
  private final RulesetFile files;

  /** Restores through this nft door from these files. */
  public BootRestore(Nft nft, RulesetFile files) {
    this.nft = nft;
    this.files = files;
  }

  /** Tries the candidates in order and keeps the first one that loads and keeps the gateway closed. */
  public Report run() {
    List<Rejected> rejected = new ArrayList<>();
    Optional<SafeRuleset.Management> saved = Optional.empty();
    String savedProblem;
    try {
      saved = files.management();
      savedProblem = saved.isEmpty() ? "no saved LAN settings (" + files.path(RulesetFile.MANAGEMENT) + " is missing)"
          : saved.get().knowsLan() ? null : "the saved settings name no LAN interface";
    } catch (IOException | IllegalArgumentException e) {
      savedProblem = "cannot read " + files.path(RulesetFile.MANAGEMENT) + ": " + e.getMessage();
    }
    for (Source s : Source.values()) {
      String problem;
      try {
        problem = switch (s) {
          case CONFIRMED -> tryText(files.current(), RulesetFile.CURRENT);
          case PREVIOUS -> tryText(files.previous(), RulesetFile.PREVIOUS);
          case SAFE -> savedProblem != null ? savedProblem : tryLoad(SafeRuleset.compile(saved.get()));
          case GENERIC_SAFE -> tryLoad(SafeRuleset.compile(genericFor(saved)));
        };
      } catch (IOException e) {
        problem = "cannot read it: " + e;
      }
      if (problem == null) {
        return new Report(Optional.of(s), rejected);
      }
      rejected.add(new Rejected(s, problem));
    }
    return new Report(Optional.empty(), rejected);
  }

  /** The generic variant keeps the saved port and SSH choice when they are known. */
  private static SafeRuleset.Management genericFor(Optional<SafeRuleset.Management> saved) {
    return saved.map(m -> new SafeRuleset.Management(List.of(), m.adminPort(), m.sshFromLan()))
        .orElse(SafeRuleset.Management.UNKNOWN);
  }

  private String tryText(Optional<String> text, String name) {
    if (text.isEmpty()) {
      return files.path(name) + " is missing";
    }
    if (text.get().isBlank()) {
      return files.path(name) + " is empty";
    }
    if (!DEFINES_TABLE.matcher(text.get()).find()) {
      return files.path(name) + " does not define table " + RulesetCompiler.TABLE;
    }
    return tryLoad(text.get());
  }

  /** Checks, loads and verifies one ruleset; null when it is in force, otherwise why not. */
  private String tryLoad(String ruleset) {
    Optional<NftLoad.Refusal> refused = NftLoad.checkAndLoad(nft, ruleset);
    if (refused.isPresent()) {
      return refused.get().step().command() + " refused it: " + brief(refused.get().nft());
    }
    return verifyClosed();
  }

  /** Null when Sekisho's table is in the kernel with input and forward hooks that drop by default. */
  private String verifyClosed() {
    String[] table = RulesetCompiler.TABLE.split(" ");
    Nft.NftResult list = nft.run(List.of("-j", "list", "table", table[0], table[1]), "");
    if (!list.ok()) {
      return "loaded, but listing the table failed: " + brief(list);
    }
    boolean input = false;
    boolean forward = false;
    try {
      for (JsonNode item : JSON.readTree(list.stdout()).path("nftables")) {
        JsonNode chain = item.path("chain");
        if (chain.isMissingNode() || !"drop".equals(chain.path("policy").asText())) {
          continue;
        }
        input |= "input".equals(chain.path("hook").asText());
        forward |= "forward".equals(chain.path("hook").asText());
      }
    } catch (IOException e) {
      return "loaded, but nft's listing could not be read: " + e.getMessage();
    }
    if (!input || !forward) {
      return "loaded, but it lacks an input or forward hook with policy drop, so it was not kept";
    }
    return null;
  }

  private static String brief(Nft.NftResult r) {
    String text = r.stderr().isBlank() ? "exit status " + r.exitCode() : r.stderr().strip();
    List<String> lines = text.lines().limit(6).toList();
    return String.join(" | ", lines);
  }
}
