package dev.forja.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One {@code forja} run in-process: its exit code and what it wrote, captured through picocli's
 * writers (System.out is never replaced).
 */
public record CliRun(int exitCode, String out, String err) {
  /** Runs {@code forja args} on a fresh {@link ForjaMain#commandLine()}. */
  public static CliRun of(String... args) {
    return on(ForjaMain.commandLine(), args);
  }

  /** Runs {@code args} on {@code cmd}, for tests that add their own verbs first. */
  public static CliRun on(CommandLine cmd, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int exitCode = cmd.execute(args);
    return new CliRun(exitCode, out.toString(), err.toString());
  }
}
