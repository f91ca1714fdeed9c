package dev.forja.engine.input.pkl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pkl.core.SecurityManager;
import org.pkl.core.SecurityManagers;
import org.pkl.core.module.ModuleKey;

class PklEvaluatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void rendersStacksTargetsReferencesAndOpaqueValuesInTheWireShape() throws IOException {
    JsonNode forma = JSON.readTree(PklEvaluator.evaluateToJson(resource("two-stacks.pkl")));

    assertEquals(List.of("Description", "Stacks", "Targets", "Resources"), keys(forma));
    assertEquals("two stacks, one target", forma.at("/Description/Text").asText());
    assertTrue(forma.at("/Description/Confirm").asBoolean());

    assertEquals(2, forma.get("Stacks").size());
    assertEquals("net", forma.at("/Stacks/0/Label").asText());
    assertEquals("network", forma.at("/Stacks/0/Description").asText());
    assertEquals("app", forma.at("/Stacks/1/Label").asText());
    assertFalse(forma.at("/Stacks/1").has("Description"), "an unset description is left out");

    assertEquals(1, forma.get("Targets").size());
    JsonNode target = forma.at("/Targets/0");
    assertEquals(List.of("Label", "Namespace", "Config", "Discoverable"), keys(target));
    assertEquals("aws-us-east-2", target.get("Label").asText());
    assertEquals("AWS", target.get("Namespace").asText());
    assertEquals("us-east-2", target.at("/Config/Region").asText());
    assertTrue(target.get("Discoverable").asBoolean());

    JsonNode vpc = forma.at("/Resources/0");
    assertEquals(List.of("Label", "Type", "Stack", "Target", "Properties"), keys(vpc));
    assertEquals("10.0.0.0/16", vpc.at("/Properties/CidrBlock").asText());

    JsonNode ref = forma.at("/Resources/1/Properties/VpcId");
    assertEquals(List.of("$res", "$label", "$type", "$stack", "$property"), keys(ref));
    assertTrue(ref.get("$res").isBoolean() && ref.get("$res").asBoolean());
    assertEquals("vpc1", ref.get("$label").asText());
    assertEquals("AWS::EC2::VPC", ref.get("$type").asText());
    assertEquals("net", ref.get("$stack").asText());
    assertEquals("VpcId", ref.get("$property").asText());

    JsonNode secret = forma.at("/Resources/2/Properties");
    assertEquals("app", forma.at("/Resources/2/Stack").asText());
    assertEquals(
        JSON.readTree("{\"$visibility\": \"Opaque\", \"$value\": \"s3cr3t\"}"),
        secret.get("SecretString"));
    assertEquals(List.of("$visibility", "$value"), keys(secret.get("SecretString")));
    assertEquals("net", secret.at("/VpcArn/$stack").asText(), "a reference across stacks");
    assertEquals("/Attributes/Arn", secret.at("/VpcArn/$property").asText());
    assertEquals(
        JSON.readTree(
            "{\"$res\": true, \"$label\": \"zone\", \"$type\": \"AWS::Route53::HostedZone\","
                + " \"$stack\": \"dns\", \"$property\": \"Id\"}"),
        secret.get("Shared"));
  }

  @Test
  void resolvesTheBaseModuleFromTheClassPathAndRefusesRemoteModules() {
    // two-stacks.pkl amends forja:/Forma.pkl; this machine has no network, so it resolved locally.
    assertTrue(PklEvaluator.evaluateToJson(resource("two-stacks.pkl")).contains("\"$res\""));

    PklInputException e =
        assertThrows(
            PklInputException.class,
            () -> PklEvaluator.evaluateToJson(resource("remote-import.pkl")));
    assertTrue(
        e.getMessage().contains("https://pkg.pkl-lang.org/example/Remote.pkl"), e::getMessage);
  }

  @Test
  void forjaSchemeReachesOnlyForjasModules() throws Exception {
    ForjaModuleKeyFactory factory = new ForjaModuleKeyFactory();
    SecurityManager forjaOnly =
        SecurityManagers.standard(
            List.of(Pattern.compile("forja:")),
            List.of(),
            SecurityManagers.defaultTrustLevels,
            null);

    ModuleKey forma = factory.create(new URI(PklEvaluator.FORMA_MODULE_URI)).orElseThrow();
    assertTrue(forma.resolve(forjaOnly).loadSource().contains("module forja.Forma"));
    assertTrue(factory.create(new URI("file:///tmp/Forma.pkl")).isEmpty());
    ModuleKey escape = factory.create(new URI("forja:/../../META-INF/MANIFEST.MF")).orElseThrow();
    assertThrows(FileNotFoundException.class, () -> escape.resolve(forjaOnly));
  }

  @Test
  void reportsATypeErrorWithPklsMessageTheFileAndTheLine() {
    PklInputException e =
        assertThrows(
            PklInputException.class, () -> PklEvaluator.evaluateToJson(resource("type-error.pkl")));

    String message = e.getMessage();
    assertTrue(message.contains("Expected value of type `String`, but got type `Int`."), message);
    assertTrue(message.contains("type-error.pkl, line 5"), message);
  }

  @Test
  void reportsAMissingPropertyAndTheModule() {
    PklInputException e =
        assertThrows(
            PklInputException.class,
            () -> PklEvaluator.evaluateToJson(resource("missing-target.pkl")));

    String message = e.getMessage();
    assertTrue(
        message.contains("Tried to read property `Target` but its value is undefined"), message);
    assertTrue(message.contains("Resources[0].Target"), message);
    assertTrue(message.contains("missing-target.pkl"), message);
  }

  @Test
  void refusesAReferenceWithoutAProperty() {
    PklInputException empty =
        assertThrows(
            PklInputException.class,
            () -> PklEvaluator.evaluateToJson(resource("empty-property-reference.pkl")));
    assertTrue(
        empty.getMessage().contains("Type constraint `!isBlank` violated."), empty::getMessage);
    assertTrue(
        empty.getMessage().contains("empty-property-reference.pkl, line 12"), empty::getMessage);

    PklInputException none =
        assertThrows(
            PklInputException.class,
            () -> PklEvaluator.evaluateToJson(resource("reference-without-property.pkl")));
    assertTrue(
        none.getMessage().contains("reference-without-property.pkl, line 12"), none::getMessage);
  }

  @Test
  void refusesTwoResourcesWithTheSameStackAndLabel() {
    PklInputException e =
        assertThrows(
            PklInputException.class,
            () -> PklEvaluator.evaluateToJson(resource("duplicate-resource.pkl")));
    assertTrue(e.getMessage().contains("isDistinctBy"), e::getMessage);
  }

  @Test
  void rendersAModuleThatDoesNotAmendTheBaseModuleAsJsonToo() throws IOException {
    JsonNode forma = JSON.readTree(PklEvaluator.evaluateToJson(resource("plain.pkl")));
    assertEquals("net", forma.at("/Stacks/0/Label").asText());
  }

  @Test
  void reportsAMissingFile() {
    PklInputException e =
        assertThrows(
            PklInputException.class,
            () -> PklEvaluator.evaluateToJson(Path.of("does-not-exist.pkl")));
    assertTrue(e.getMessage().contains("does-not-exist.pkl"), e::getMessage);
  }

  @Test
  void evaluatesManyTimesInOneJvm() {
    String first = PklEvaluator.evaluateToJson(resource("two-stacks.pkl"));
    for (int i = 0; i < 20; i++) {
      assertEquals(first, PklEvaluator.evaluateToJson(resource("two-stacks.pkl")));
      assertThrows(
          PklInputException.class, () -> PklEvaluator.evaluateToJson(resource("type-error.pkl")));
    }
  }

  @Test
  void evaluatesConcurrently() throws Exception {
    String expected = PklEvaluator.evaluateToJson(resource("two-stacks.pkl"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> results =
          pool.invokeAll(
              Collections.nCopies(
                  8, () -> PklEvaluator.evaluateToJson(resource("two-stacks.pkl"))));
      for (Future<String> result : results) {
        assertEquals(expected, result.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void networkExampleIsTheSameFormaInPklJsonAndYaml() throws IOException {
    Path examples = Path.of("..", "examples");
    JsonNode pkl = JSON.readTree(PklEvaluator.evaluateToJson(examples.resolve("network.pkl")));
    JsonNode json = JSON.readTree(examples.resolve("network.json").toFile());
    JsonNode yaml = new YAMLMapper().readTree(examples.resolve("network.yaml").toFile());

    // Compared as text so that key order counts as well as content.
    assertEquals(JSON.writeValueAsString(json), JSON.writeValueAsString(pkl));
    assertEquals(JSON.writeValueAsString(json), JSON.writeValueAsString(yaml));
  }

  /**
   * Pkl runs on Truffle without an optimizing runtime here (a stock JDK); Truffle warns about that
   * on stderr unless told not to. Checked in a fresh JVM, where the warning would first appear.
   */
  @Test
  void writesNothingToStderr() throws IOException, InterruptedException {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path stderr = Files.createTempFile("pkl-stderr", ".txt");
    try {
      Process process =
          new ProcessBuilder(
                  java.toString(),
                  "-cp",
                  classPath,
                  StderrProbe.class.getName(),
                  resource("two-stacks.pkl").toString())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(stderr.toFile())
              .start();
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the probe JVM did not finish");
      String err = Files.readString(stderr, StandardCharsets.UTF_8);
      assertEquals(0, process.exitValue(), err);
      assertEquals("", err);
    } finally {
      Files.deleteIfExists(stderr);
    }
  }

  /** Evaluates one forma in a fresh JVM, for {@link #writesNothingToStderr()}. */
  static final class StderrProbe {
    private StderrProbe() {}

    public static void main(String[] args) {
      System.out.println(PklEvaluator.evaluateToJson(Path.of(args[0])));
    }
  }

  private static List<String> keys(JsonNode object) {
    return object.properties().stream().map(Map.Entry::getKey).toList();
  }

  private static Path resource(String name) {
    try {
      return Path.of(PklEvaluatorTest.class.getResource("/pkl/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
