package dev.forja.engine.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.engine.model.Forma;
import dev.forja.engine.model.ResourceKey;
import dev.forja.engine.testing.TestSchemas;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FormaReaderTest {

  private static final String HEAD =
      """
      {"Stacks": [{"Label": "net"}],
       "Targets": [{"Label": "aws", "Namespace": "AWS", "Config": {"Region": "us-east-2"}}],
       "Resources": [
      """;

  private static ReadResult read(String resources) {
    return FormaReader.standalone().readString(HEAD + resources + "]}", InputFormat.JSON, "f.json");
  }

  private static Problem at(ReadResult r, String pointer) {
    return r.problems().stream()
        .filter(p -> p.pointer().equals(pointer))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no problem at " + pointer + " in " + r.problems()));
  }

  private static Problem only(ReadResult r) {
    assertThat(r.problems()).hasSize(1);
    return r.problems().get(0);
  }

  @Test
  void readsAValidFormaWithReferencesAndOpaqueValues() {
    ReadResult r =
        read(
            """
            {"Label": "vpc", "Type": "AWS::EC2::VPC", "Stack": "net", "Target": "aws",
             "Properties": {"CidrBlock": "10.0.0.0/16"}},
            {"Label": "sub", "Type": "AWS::EC2::Subnet", "Stack": "net", "Target": "aws",
             "Properties": {"VpcId": {"$res": true, "$label": "vpc", "$property": "VpcId"},
                            "Secret": {"$visibility": "Opaque", "$value": "x"}}}
            """);
    assertThat(r.problems()).isEmpty();
    Forma f = r.orThrow();
    assertThat(f.resources())
        .extracting(x -> x.key().toString())
        .containsExactly("net/vpc", "net/sub");
    assertThat(f.targets().get(0).config().get("Region").asText()).isEqualTo("us-east-2");
  }

  @Test
  void unknownStackNamedByAResourceIsNamedWithItsPointerAndLine() {
    Problem p =
        at(
            read("{\"Label\": \"a\", \"Type\": \"T\", \"Stack\": \"nope\", \"Target\": \"aws\"}"),
            "/Resources/0/Stack");
    assertThat(p.message()).contains("stack 'nope'").contains("declared: net");
    assertThat(p.line()).isEqualTo(4);
    assertThat(p.toString()).startsWith("f.json:4:");
  }

  @Test
  void unknownTargetNamedByAResourceIsAnError() {
    Problem p =
        only(read("{\"Label\": \"a\", \"Type\": \"T\", \"Stack\": \"net\", \"Target\": \"gcp\"}"));
    assertThat(p.pointer()).isEqualTo("/Resources/0/Target");
    assertThat(p.message()).contains("target 'gcp'");
  }

  @Test
  void duplicateStackAndLabelIsAnErrorNamingTheFirstDeclaration() {
    Problem p =
        only(
            read(
                """
                {"Label": "a", "Type": "T", "Stack": "net", "Target": "aws"},
                {"Label": "a", "Type": "T", "Stack": "net", "Target": "aws"}
                """));
    assertThat(p.pointer()).isEqualTo("/Resources/1/Label");
    assertThat(p.message()).contains("duplicate resource net/a").contains("/Resources/0");
  }

  @Test
  void referenceToAMissingResourceIsAnErrorNamingIt() {
    Problem p =
        only(
            read(
                """
                {"Label": "sub", "Type": "T", "Stack": "net", "Target": "aws",
                 "Properties": {"VpcId": {"$res": true, "$label": "vpc9", "$property": "VpcId"}}}
                """));
    assertThat(p.pointer()).isEqualTo("/Resources/0/Properties/VpcId");
    assertThat(p.message()).contains("net/sub").contains("net/vpc9").contains("not declared");
  }

  @Test
  void referenceThatMissesItsStackNamesTheStackThatDeclaresTheLabel() {
    ReadResult r =
        FormaReader.standalone()
            .readString(
                """
                {"Stacks": [{"Label": "net"}, {"Label": "app"}],
                 "Targets": [{"Label": "aws", "Namespace": "AWS"}],
                 "Resources": [
                  {"Label": "vpc", "Type": "V", "Stack": "net", "Target": "aws"},
                  {"Label": "fn", "Type": "F", "Stack": "app", "Target": "aws",
                   "Properties": {"VpcId": {"$res": true, "$label": "vpc", "$property": "VpcId"}}}]}
                """,
                InputFormat.JSON,
                "f.json");
    assertThat(only(r).message()).contains("app/vpc").contains("declared in stack net");
  }

  @Test
  void referenceToAResourceOutsideTheFormaIsAcceptedWhenTheLookupKnowsIt() {
    ResourceLookup inventory =
        key -> key.equals(new ResourceKey("shared", "vpc")) ? Optional.of("V") : Optional.empty();
    ReadResult r =
        FormaReader.of(dev.forja.engine.schema.SchemaRegistry.empty(), inventory)
            .readString(
                HEAD
                    + """
                    {"Label": "sub", "Type": "T", "Stack": "net", "Target": "aws",
                     "Properties": {"VpcId": {"$res": true, "$label": "vpc", "$stack": "shared",
                                              "$property": "VpcId"}}}]}
                    """,
                InputFormat.JSON,
                "f.json");
    assertThat(r.problems()).isEmpty();
  }

  @Test
  void referenceWithoutPropertyIsRejectedNamingTheResourceAndField() {
    Problem p =
        only(
            read(
                """
                {"Label": "key", "Type": "K", "Stack": "net", "Target": "aws"},
                {"Label": "alias", "Type": "A", "Stack": "net", "Target": "aws",
                 "Properties": {"TargetKeyId": {"$res": true, "$label": "key"}}}
                """));
    assertThat(p.pointer()).isEqualTo("/Resources/1/Properties/TargetKeyId");
    assertThat(p.message()).contains("net/alias").contains("net/key").contains("$property");
  }

  @Test
  void referenceWithTheWrongTypeIsAnError() {
    Problem p =
        only(
            read(
                """
                {"Label": "vpc", "Type": "AWS::EC2::VPC", "Stack": "net", "Target": "aws"},
                {"Label": "sub", "Type": "T", "Stack": "net", "Target": "aws",
                 "Properties": {"VpcId": {"$res": true, "$label": "vpc", "$type": "AWS::S3::Bucket",
                                          "$property": "VpcId"}}}
                """));
    assertThat(p.pointer()).isEqualTo("/Resources/1/Properties/VpcId/$type");
    assertThat(p.message()).contains("AWS::S3::Bucket").contains("AWS::EC2::VPC");
  }

  @Test
  void emptyStackIsAnErrorNamingTheStack() {
    ReadResult r =
        FormaReader.standalone()
            .readString(
                """
                {"Stacks": [{"Label": "net"}, {"Label": "empty"}],
                 "Targets": [{"Label": "aws", "Namespace": "AWS"}],
                 "Resources": [{"Label": "a", "Type": "T", "Stack": "net", "Target": "aws"}]}
                """,
                InputFormat.JSON,
                "f.json");
    Problem p = only(r);
    assertThat(p.pointer()).isEqualTo("/Stacks/1");
    assertThat(p.message()).contains("stack 'empty' has no resources");
  }

  @Test
  void unknownTypeIsAnErrorWhenTheRegistryIsGivenAndSuggestsTheRightCase() {
    ReadResult r =
        FormaReader.of(TestSchemas.registry(), ResourceLookup.NONE)
            .readString(
                HEAD
                    + "{\"Label\": \"a\", \"Type\": \"AWS::EC2::Vpc\", \"Stack\": \"net\","
                    + " \"Target\": \"aws\"}]}",
                InputFormat.JSON,
                "f.json");
    Problem p = only(r);
    assertThat(p.pointer()).isEqualTo("/Resources/0/Type");
    assertThat(p.message())
        .contains("unknown resource type 'AWS::EC2::Vpc'")
        .contains("AWS::EC2::VPC");
  }

  @Test
  void anyTypeIsAcceptedWithoutARegistry() {
    assertThat(
            read("{\"Label\": \"a\", \"Type\": \"Made::Up\", \"Stack\": \"net\", \"Target\": \"aws\"}")
                .problems())
        .isEmpty();
  }

  @Test
  void collectsEveryProblemRatherThanStoppingAtTheFirst() {
    ReadResult r =
        read(
            """
            {"Label": "a", "Type": "T", "Stack": "x", "Target": "y"},
            {"Type": "T", "Stack": "net", "Target": "aws"},
            {"Label": "b", "Type": 7, "Stack": "net", "Target": "aws", "Colour": "red"}
            """);
    assertThat(r.problems())
        .extracting(Problem::pointer)
        .contains("/Resources/1/Label", "/Resources/2/Type", "/Resources/2/Colour");
    assertThat(r.forma()).isNull();
  }

  @Test
  void syntaxErrorNamesLineAndColumn() {
    ReadResult r =
        FormaReader.standalone()
            .readString("{\"Stacks\": [\n  {\"Label\": \"net\",}\n]}", InputFormat.JSON, "f.json");
    Problem p = only(r);
    assertThat(p.line()).isEqualTo(2);
    assertThat(p.column()).isPositive();
    assertThat(p.message()).startsWith("syntax error");
  }

  @Test
  void yamlProblemsNameTheirLine() {
    String yaml =
        """
        Stacks:
          - Label: net
        Targets:
          - Label: aws
            Namespace: AWS
        Resources:
          - Label: a
            Type: T
            Stack: net
            Target: nowhere
        """;
    Problem p = only(FormaReader.standalone().readString(yaml, InputFormat.YAML, "f.yaml"));
    assertThat(p.pointer()).isEqualTo("/Resources/0/Target");
    assertThat(p.line()).isEqualTo(10);
  }

  @Test
  void duplicateKeysAreReported() {
    ReadResult r =
        FormaReader.standalone()
            .readString("{\"Stacks\": [], \"Stacks\": []}", InputFormat.JSON, "f.json");
    assertThat(only(r).message()).contains("duplicate key 'Stacks'");
  }

  @Test
  void theOnlyStackAndTargetAreTheDefaults() {
    Forma f = read("{\"Label\": \"a\", \"Type\": \"T\"}").orThrow();
    assertThat(f.resources().get(0).stack()).isEqualTo("net");
    assertThat(f.resources().get(0).target()).isEqualTo("aws");
  }
}
