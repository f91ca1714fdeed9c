package dev.forja.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class ForjaCommandTest {
  @Test
  void printsUsageWithTheVerbsWhenRunWithoutOne() {
    CliRun run = CliRun.of();

    assertEquals(ExitCode.SUCCESS.code(), run.exitCode());
    assertTrue(run.out().startsWith("Usage: forja"), run.out());
    assertTrue(run.out().contains("version"), run.out());
    assertEquals("", run.err());
  }

  @Test
  void unknownVerbExitsTwoAndNamesItOnStderr() {
    CliRun run = CliRun.of("frobnicate");

    assertEquals(ExitCode.INVALID_INPUT.code(), run.exitCode());
    assertTrue(run.err().contains("'frobnicate'"), run.err());
    assertEquals("", run.out());
  }

  @Test
  void misspeltVerbGetsASuggestion() {
    CliRun run = CliRun.of("verson");

    assertEquals(ExitCode.INVALID_INPUT.code(), run.exitCode());
    assertTrue(run.err().contains("Did you mean: forja version"), run.err());
  }

  @Test
  void verbsInheritHelpAndVersionOptions() {
    CliRun help = CliRun.of("version", "--help");
    CliRun version = CliRun.of("version", "-V");

    assertEquals(ExitCode.SUCCESS.code(), help.exitCode());
    assertTrue(help.out().startsWith("Usage: forja version"), help.out());
    assertEquals(CliRun.of("--version").out(), version.out());
  }

  @Test
  void unknownOptionExitsTwo() {
    CliRun run = CliRun.of("version", "--frobnicate");

    assertEquals(ExitCode.INVALID_INPUT.code(), run.exitCode());
    assertTrue(run.err().contains("--frobnicate"), run.err());
    assertTrue(run.err().contains("forja version --help"), run.err());
  }

  @Test
  void helpListsTheExitCodes() {
    CliRun run = CliRun.of("--help");

    assertEquals(ExitCode.SUCCESS.code(), run.exitCode());
    assertTrue(run.out().contains("Exit codes:"), run.out());
    assertTrue(run.out().contains("The agent is unreachable."), run.out());
  }

  @Test
  void cliExceptionExitsWithItsCodeAndOnlyItsMessage() {
    CommandLine cmd = ForjaMain.commandLine();
    cmd.addSubcommand(new Unreachable());

    CliRun run = CliRun.on(cmd, "unreachable");

    assertEquals(ExitCode.AGENT_UNREACHABLE.code(), run.exitCode());
    assertEquals("forja unreachable: no agent at http://127.0.0.1:1", run.err().strip());
  }

  @Test
  void unexpectedExceptionExitsOneWithItsStackTrace() {
    CommandLine cmd = ForjaMain.commandLine();
    cmd.addSubcommand(new Broken());

    CliRun run = CliRun.on(cmd, "broken");

    assertEquals(ExitCode.FAILED.code(), run.exitCode());
    assertTrue(run.err().contains("IllegalStateException: a bug"), run.err());
    assertTrue(run.err().contains("at dev.forja.cli."), run.err());
  }

  @Command(name = "unreachable")
  static final class Unreachable implements Callable<Integer> {
    @Override
    public Integer call() {
      throw CliException.agentUnreachable("no agent at http://127.0.0.1:1", null);
    }
  }

  @Command(name = "broken")
  static final class Broken implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("a bug");
    }
  }
}
