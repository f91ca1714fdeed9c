package dev.forja.cli.forma;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forja.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {
  private static final Path EXAMPLES = Path.of("..", "examples");

  private static CliRun forja(String... args) {
    return CliRun.of(args);
  }

  @Test
  void jsonYamlAndPklSourcesOfOneFormaPrintIdenticalJson() throws Exception {
    CliRun json = forja("eval", EXAMPLES.resolve("network.json").toString());
    CliRun yaml = forja("eval", EXAMPLES.resolve("network.yaml").toString());
    CliRun pkl = forja("eval", EXAMPLES.resolve("network.pkl").toString());
    assertThat(json.exitCode()).as(json.err()).isZero();
    assertThat(yaml.exitCode()).as(yaml.err()).isZero();
    assertThat(pkl.exitCode()).as(pkl.err()).isZero();
    assertThat(yaml.out()).isEqualTo(json.out());
    assertThat(pkl.out()).isEqualTo(json.out());

    JsonNode forma = new ObjectMapper().readTree(json.out());
    assertThat(forma.get("Stacks")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(forma.get("Targets")).isNotEmpty();
    assertThat(json.out()).contains("\"$res\"").contains("\"$property\"").contains("\"Opaque\"");
  }

  @Test
  void secretsArePrintedRedacted() throws Exception {
    String source = Files.readString(EXAMPLES.resolve("network.json"));
    JsonNode secret = findOpaqueValue(new ObjectMapper().readTree(source));
    assertThat(secret).as("the example declares an opaque value").isNotNull();
    assertThat(forja("eval", EXAMPLES.resolve("network.json").toString()).out())
        .doesNotContain(secret.asText());
  }

  private static JsonNode findOpaqueValue(JsonNode n) {
    if (n.isObject() && "Opaque".equals(n.path("$visibility").asText())) {
      return n.get("$value");
    }
    for (JsonNode c : n) {
      JsonNode f = findOpaqueValue(c);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  @Test
  void anInvalidFormaExitsTwoListingEveryProblem(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(
        bad,
        """
        {"Stacks": [{"Label": "net"}], "Targets": [{"Label": "aws", "Namespace": "AWS"}],
         "Resources": [
          {"Label": "a", "Type": "T", "Stack": "nope", "Target": "aws"},
          {"Label": "b", "Type": "T", "Stack": "net", "Target": "aws",
           "Properties": {"X": {"$res": true, "$label": "a"}}}]}
        """);
    CliRun r = forja("eval", bad.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("/Resources/0/Stack")
        .contains("/Resources/1/Properties/X")
        .contains("$property");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void yamlOutputIsTheSameForma() throws Exception {
    CliRun r = forja("eval", "-o", "yaml", EXAMPLES.resolve("network.json").toString());
    assertThat(r.exitCode()).isZero();
    JsonNode fromYaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(r.out());
    JsonNode fromJson =
        new ObjectMapper()
            .readTree(forja("eval", EXAMPLES.resolve("network.json").toString()).out());
    assertThat(fromYaml).isEqualTo(fromJson);
  }

  @Test
  void aMissingFileExitsTwo() {
    CliRun r = forja("eval", "no-such-forma.json");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("no-such-forma.json");
  }
}
