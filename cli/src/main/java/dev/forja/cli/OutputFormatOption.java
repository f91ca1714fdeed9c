package dev.forja.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * The shared {@code -o table|json|yaml} option. A verb adds it with {@code @Mixin
 * OutputFormatOption output;} and prints its result with {@link #print}.
 *
 * <p>JSON and YAML come from Jackson, so the body's own annotations decide the key names (Forja's
 * wire shape is PascalCase: annotate records with {@code @JsonProperty("Version")}).
 */
public final class OutputFormatOption {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .build();

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      converter = OutputFormat.Converter.class,
      description = "Output format: table, json or yaml (default: ${DEFAULT-VALUE}).")
  private OutputFormat format = OutputFormat.TABLE;

  /** The format the user chose. */
  public OutputFormat format() {
    return format;
  }

  /**
   * Prints {@code body} as JSON or YAML, or lets {@code table} print it for people.
   *
   * @param out the command's stdout, {@code spec.commandLine().getOut()}
   * @param body what {@code -o json} and {@code -o yaml} serialize
   * @param table prints the human form to the writer it is given
   */
  public void print(PrintWriter out, Object body, Consumer<PrintWriter> table) {
    switch (format) {
      case TABLE -> table.accept(out);
      case JSON -> out.println(write(JSON, body, "JSON"));
      case YAML -> out.print(write(YAML, body, "YAML"));
    }
    out.flush();
  }

  private static String write(ObjectMapper mapper, Object body, String formatName) {
    try {
      return mapper.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      // A bug in the body's type, not in the user's input.
      throw new UncheckedIOException("cannot render the output as " + formatName, e);
    }
  }
}
