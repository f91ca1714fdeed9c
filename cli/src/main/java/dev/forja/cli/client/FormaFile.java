package dev.forja.cli.client;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.forja.cli.CliException;
import dev.forja.engine.input.InputFormat;
import dev.forja.engine.input.pkl.PklEvaluator;
import dev.forja.engine.input.pkl.PklInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A forma file turned into the JSON the agent takes. Only the syntax is checked here: the agent
 * validates the forma against its plugins and its inventory (a reference may name a managed
 * resource that the file does not declare), and answers with every problem. Pkl is evaluated here,
 * where the user runs, since a module may read the user's files and environment.
 */
final class FormaFile {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new YAMLMapper();

  private FormaFile() {}

  /** The forma in {@code file} as JSON; exit 2 naming the file when it does not read. */
  static JsonNode read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw CliException.invalidInput(file + ": no such file");
    }
    InputFormat format;
    try {
      format = InputFormat.ofFile(file);
    } catch (IllegalArgumentException e) {
      throw CliException.invalidInput(e.getMessage());
    }
    JsonNode root;
    try {
      root =
          switch (format) {
            case JSON -> JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            case YAML -> YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
            case PKL -> JSON.readTree(PklEvaluator.evaluateToJson(file));
          };
    } catch (JsonProcessingException e) {
      throw CliException.invalidInput(file + ": not valid " + format + where(e) + ": " + brief(e));
    } catch (PklInputException e) {
      throw CliException.invalidInput(file + ": " + e.getMessage());
    } catch (IOException e) {
      throw CliException.invalidInput(file + ": cannot read it: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw CliException.invalidInput(
          file + ": a forma must be an object with Stacks, Targets and Resources");
    }
    return root;
  }

  private static String where(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    return at == null || at.getLineNr() < 0
        ? ""
        : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  private static String brief(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    int nl = m == null ? -1 : m.indexOf('\n');
    return nl < 0 ? String.valueOf(m) : m.substring(0, nl);
  }
}
