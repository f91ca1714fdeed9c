package dev.forja.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports an exception that escaped a verb. A {@link CliException} is a failure the verb expected:
 * its message is enough. Anything else is a bug, so the stack trace goes to stderr too.
 */
final class FailureHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    if (ex instanceof CliException) {
      err.println(
          cmd.getColorScheme()
              .errorText(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage()));
    } else {
      err.print(cmd.getColorScheme().stackTraceText(ex));
    }
    err.flush();
    return ExitCode.of(ex).code();
  }
}
