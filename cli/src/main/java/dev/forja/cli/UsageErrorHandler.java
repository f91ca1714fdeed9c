package dev.forja.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a usage error (unknown verb, bad option or value) in a few lines on stderr, rather than
 * picocli's default of the whole usage help, and exits {@link ExitCode#INVALID_INPUT}.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(cmd.getColorScheme().errorText(ex.getMessage()));
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.printf("Try '%s --help' for more information.%n", cmd.getCommandSpec().qualifiedName());
    err.flush();
    return ExitCode.INVALID_INPUT.code();
  }
}
