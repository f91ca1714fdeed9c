package dev.forja.cli.client.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forja.engine.input.pkl.PklEvaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A forma written as Pkl evaluates back to the same JSON. */
class PklFormaTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode roundTrip(Path dir, JsonNode forma) throws Exception {
    Path pkl = dir.resolve("forma.pkl");
    Files.writeString(pkl, PklForma.render(forma));
    return JSON.readTree(PklEvaluator.evaluateToJson(pkl));
  }

  @Test
  void theExampleFormaComesBackAsItWas(@TempDir Path dir) throws Exception {
    JsonNode network = JSON.readTree(Files.readString(Path.of("..", "examples", "network.json")));

    assertThat(roundTrip(dir, network)).isEqualTo(network);
  }

  @Test
  void awkwardKeysStringsAndListsSurvive(@TempDir Path dir) throws Exception {
    JsonNode forma =
        JSON.readTree(
            """
            {"Description": {"Text": "quotes \\" backslash \\\\ newline \\n tab \\t \\\\(x)",
                             "Confirm": false},
             "Stacks": [{"Label": "s"}],
             "Targets": [{"Label": "t", "Namespace": "SIM", "Config": {"Region": "r"},
                          "Discoverable": false}],
             "Resources": [{"Label": "r", "Type": "AWS::S3::Bucket", "Stack": "s", "Target": "t",
               "Properties": {"class": 1, "aws:tag": "x", "with space": 2.5, "Empty": [],
                              "Nested": [[1, 2], [], [{"K": "v"}]], "Obj": {},
                              "Ref": {"$res": true, "$label": "r", "$stack": "s",
                                      "$type": "AWS::S3::Bucket", "$property": "Arn"}}}]}
            """);

    assertThat(roundTrip(dir, forma)).isEqualTo(forma);
  }

  @Test
  void aNullPropertyIsLeftOutAsPklsJsonRendererDoes(@TempDir Path dir) throws Exception {
    JsonNode forma = JSON.readTree("{\"Stacks\": [{\"Label\": \"s\", \"Description\": null}]}");

    JsonNode back = roundTrip(dir, forma);

    assertThat(back.at("/Stacks/0/Label").asText()).isEqualTo("s");
    assertThat(back.at("/Stacks/0").has("Description")).isFalse();
  }

  @Test
  void aDescriptionGivenAsTextBecomesTheBaseModulesObject(@TempDir Path dir) throws Exception {
    JsonNode forma = JSON.readTree("{\"Description\": \"from the inventory\"}");

    assertThat(roundTrip(dir, forma).get("Description"))
        .isEqualTo(JSON.readTree("{\"Text\": \"from the inventory\", \"Confirm\": false}"));
  }

  @Test
  void aRedactedSecretSaysHowToFillItIn() throws Exception {
    JsonNode forma =
        JSON.readTree(
            "{\"Resources\": [{\"Properties\": {\"P\": {\"$visibility\": \"Opaque\"}}}]}");

    assertThat(PklForma.render(forma)).contains("// A secret, redacted").contains("P = new {");
  }
}
