package dev.sekisho.lab;

import java.util.List;

/**
 * Outcome of one external command run by the lab (usually {@code ip netns exec NAME ...}).
 *
 * @param command the argument list that was executed (never passed through a shell)
 * @param exitCode the process exit code, or -1 when it had to be killed after the timeout
 * @param stdout standard output, decoded as UTF-8 (capped)
 * @param stderr standard error, decoded as UTF-8 (capped)
 * @param timedOut true when the process did not finish within its timeout and was killed
 */
public record ExecResult(
    List<String> command, int exitCode, String stdout, String stderr, boolean timedOut) {

  /** Copies the command list so the record stays immutable. */
  public ExecResult {
    command = List.copyOf(command);
  }

  /** True when the command finished in time with exit code 0. */
  public boolean ok() {
    return !timedOut && exitCode == 0;
  }

  /**
   * Returns this result if {@link #ok()}, otherwise throws with the command and its stderr, so
   * setup failures show what the kernel or the tool complained about.
   */
  public ExecResult requireOk() {
    if (!ok()) {
      throw new LabException(describe());
    }
    return this;
  }

  /** One-line human readable summary for error messages and logs. */
  public String describe() {
    String status = timedOut ? "timed out" : "exit " + exitCode;
    return String.join(" ", command) + " -> " + status
        + (stderr.isBlank() ? "" : ": " + stderr.strip())
        + (stdout.isBlank() || ok() ? "" : " (stdout: " + stdout.strip() + ")");
  }
}
