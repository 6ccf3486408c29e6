package dev.sekisho.apply;

import java.util.List;

/** The door to the nft binary: arguments as a list, the ruleset on standard input, never a shell. */
public interface Nft {

  /** Runs nft with the given arguments (e.g. {@code -c -f -}) feeding {@code stdin}; never throws for exit codes. */
  NftResult run(List<String> args, String stdin);

  /** What nft said. */
  record NftResult(int exitCode, String stdout, String stderr) {
    /** True when nft exited with 0. */
    public boolean ok() {
      return exitCode == 0;
    }
  }
}
