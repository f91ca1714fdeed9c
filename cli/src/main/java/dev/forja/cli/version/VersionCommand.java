package dev.forja.cli.version;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.forja.cli.ExitCode;
import dev.forja.cli.OutputFormatOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code forja version}: Forja's version, then the Java runtime's. */
@Command(name = "version", description = "Prints Forja's version and the Java runtime's.")
public final class VersionCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin private OutputFormatOption output;

  /**
   * What {@code -o json} and {@code -o yaml} print.
   *
   * @param version Forja's version
   * @param java the Java runtime's version
   */
  public record Version(
      @JsonProperty("Version") String version, @JsonProperty("Java") String java) {
    static Version current() {
      return new Version(ForjaVersion.forja(), ForjaVersion.java());
    }
  }

  @Override
  public Integer call() {
    output.print(
        spec.commandLine().getOut(), Version.current(), out -> tableLines().forEach(out::println));
    return ExitCode.SUCCESS.code();
  }

  static List<String> tableLines() {
    return List.of(
        "forja " + ForjaVersion.forja(),
        "Java " + ForjaVersion.java() + " (" + ForjaVersion.javaVm() + ")");
  }
}
