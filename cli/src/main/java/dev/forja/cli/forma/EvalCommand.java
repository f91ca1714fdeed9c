package dev.forja.cli.forma;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.forja.cli.ExitCode;
import dev.forja.engine.input.FormaReader;
import dev.forja.engine.input.FormaWriter;
import dev.forja.engine.input.ResourceLookup;
import dev.forja.engine.plugin.PluginRegistry;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code forja eval FILE}: reads and validates a forma offline and prints it normalized. */
@Command(
    name = "eval",
    description =
        "Read a forma (.json, .yaml or .pkl), validate it offline and print it normalized."
            + " Secrets are shown redacted.")
public final class EvalCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML =
      YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build();

  /** The formats eval prints; a table would say less than the forma itself. */
  enum Format {
    json,
    yaml
  }

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The forma file.")
  private Path file;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "json",
      description = "Output format: json or yaml (default: ${DEFAULT-VALUE}).")
  private Format format = Format.json;

  @Override
  public Integer call() {
    FormaReader reader =
        FormaReader.of(
            PluginRegistry.load(getClass().getClassLoader()).schemas(), ResourceLookup.NONE);
    var normalized = FormaWriter.toJson(FormaInput.read(reader, file));
    PrintWriter out = spec.commandLine().getOut();
    try {
      if (format == Format.json) {
        out.println(JSON.writeValueAsString(normalized));
      } else {
        out.print(YAML.writeValueAsString(normalized));
      }
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot render the forma", e);
    }
    out.flush();
    return ExitCode.SUCCESS.code();
  }
}
