package dev.forja.cli.agent;

import dev.forja.cli.CliException;
import dev.forja.cli.ExitCode;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code forja agent stop}: asks the agent of Forja's home to stop (SIGTERM: a graceful shutdown;
 * commands in flight resume at the next start) and waits for its process to end. No agent is not an
 * error: the verb wants none to run, and none does (exit 0, like stopping a stopped service).
 */
@Command(
    name = "stop",
    description = {
      "Stop the agent of Forja's home gracefully (SIGTERM) and wait for it to exit; commands in"
          + " flight resume at its next start.",
      "Exits 0 when no agent runs (a stale pid file is removed), 1 if it did not exit within"
          + " --timeout."
    })
public final class AgentStopCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "How long to wait for the agent to exit (default: ${DEFAULT-VALUE}).")
  private int timeoutSeconds;

  @Override
  public Integer call() throws InterruptedException {
    AgentHome home = AgentHome.resolve();
    PrintWriter out = spec.commandLine().getOut();
    Optional<AgentPidFile> pidFile = AgentPidFile.read(home.pidFile());
    if (pidFile.isEmpty()) {
      out.println("no agent runs on " + home);
      out.flush();
      return ExitCode.SUCCESS.code();
    }
    AgentPidFile agent = pidFile.get();
    Optional<ProcessHandle> process = agent.process();
    if (process.isEmpty()) {
      AgentPidFile.deleteIfOwnedBy(home.pidFile(), agent.pid());
      out.println(
          "no agent runs on " + home + " (removed the stale pid file of pid " + agent.pid() + ")");
      out.flush();
      return ExitCode.SUCCESS.code();
    }
    process.get().destroy();
    try {
      process.get().onExit().get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new CliException(
          ExitCode.FAILED,
          "the agent (pid "
              + agent.pid()
              + ") did not exit within "
              + timeoutSeconds
              + " s; it may still be stopping (see "
              + home.logFile()
              + "); 'kill -9 "
              + agent.pid()
              + "' ends it at once, and its commands resume at the next start");
    } catch (ExecutionException e) {
      throw new CliException(ExitCode.FAILED, "cannot wait for the agent: " + e.getCause(), e);
    }
    // A graceful agent removes its pid file; one that could not still leaves nothing stale.
    AgentPidFile.deleteIfOwnedBy(home.pidFile(), agent.pid());
    out.println("agent stopped (pid " + agent.pid() + ")");
    out.flush();
    return ExitCode.SUCCESS.code();
  }
}
