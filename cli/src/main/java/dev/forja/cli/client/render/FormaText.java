package dev.forja.cli.client.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The languages a forma is written in ({@code forja extract -o}, {@code forja loadtest generate}).
 */
public final class FormaText {
  /** The languages: a forma is read in the same three. */
  public enum Format {
    json,
    yaml,
    pkl
  }

  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .build();

  private FormaText() {}

  /** {@code forma} as YAML, without a document start marker and with quotes only where needed. */
  public static String yaml(JsonNode forma) {
    try {
      return YAML.writeValueAsString(forma);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the forma as YAML", e);
    }
  }
}
