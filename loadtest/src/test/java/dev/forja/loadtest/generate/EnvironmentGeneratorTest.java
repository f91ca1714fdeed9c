package dev.forja.loadtest.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.input.FormaReader;
import dev.forja.engine.input.InputFormat;
import dev.forja.engine.input.ReadResult;
import dev.forja.engine.input.ResourceLookup;
import dev.forja.plugin.catalog.AwsCatalog;
import dev.forja.plugin.catalog.AwsType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The generated forma: repeatable, exactly sized, and valid by the simulator's rules. */
class EnvironmentGeneratorTest {
  private static final int[] COUNTS = {1, 7, 25, 26, 333, 401, 1_201};

  @Test
  void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() {
    String once = EnvironmentGenerator.json(EnvironmentGenerator.generate(1_000, 42));
    String again = EnvironmentGenerator.json(EnvironmentGenerator.generate(1_000, 42));
    String other = EnvironmentGenerator.json(EnvironmentGenerator.generate(1_000, 43));
    assertThat(again).isEqualTo(once);
    assertThat(other).isNotEqualTo(once);
    assertThat(once).doesNotContain("\r");
  }

  @Test
  void holdsExactlyTheCountInStacksOfAtMostTheMaximumOnDeclaredTargets() {
    for (int count : COUNTS) {
      ObjectNode forma = EnvironmentGenerator.generate(count, 7);
      assertThat(forma.get("Resources")).as("count %d", count).hasSize(count);
      Map<String, Integer> perStack = new HashMap<>();
      Set<String> labels = new HashSet<>();
      for (JsonNode r : forma.get("Resources")) {
        perStack.merge(r.get("Stack").asText(), 1, Integer::sum);
        assertThat(labels.add(r.get("Stack").asText() + "/" + r.get("Label").asText())).isTrue();
      }
      List<String> declared = new ArrayList<>();
      forma.get("Stacks").forEach(s -> declared.add(s.get("Label").asText()));
      assertThat(perStack.keySet())
          .as("count %d", count)
          .containsExactlyInAnyOrderElementsOf(declared);
      assertThat(perStack.values())
          .as("count %d", count)
          .allMatch(n -> n <= EnvironmentGenerator.MAX_STACK_SIZE);
      Set<String> targets = new HashSet<>();
      forma
          .get("Targets")
          .forEach(
              t -> {
                targets.add(t.get("Label").asText());
                assertThat(t.get("Namespace").asText()).isEqualTo("SIM");
                assertThat(t.path("Config").path("Region").asText()).isNotEmpty();
              });
      forma.get("Resources").forEach(r -> assertThat(targets).contains(r.get("Target").asText()));
    }
  }

  @Test
  void zeroResourcesAreRefused() {
    assertThatThrownBy(() -> EnvironmentGenerator.generate(0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theReaderAcceptsItWithEveryReferenceResolvedAndEveryTypeKnown() {
    FormaReader reader = FormaReader.of(AwsCatalog.registry(), ResourceLookup.NONE);
    for (int count : COUNTS) {
      String json = EnvironmentGenerator.json(EnvironmentGenerator.generate(count, 42));
      ReadResult read = reader.readString(json, InputFormat.JSON, "generated");
      assertThat(read.problems()).as("count %d", count).isEmpty();
      assertThat(read.forma().resources()).hasSize(count);
    }
  }

  @Test
  void atTwoThousandEveryCatalogueTypeAppearsInAnEnterpriseMix() {
    ObjectNode forma = EnvironmentGenerator.generate(2_000, 42);
    Map<String, Integer> byType = new TreeMap<>();
    forma.get("Resources").forEach(r -> byType.merge(r.get("Type").asText(), 1, Integer::sum));
    assertThat(byType.keySet())
        .containsExactlyInAnyOrderElementsOf(
            AwsCatalog.types().stream().map(AwsType::name).toList());
    assertThat(byType.get(Network.VPC)).isEqualTo(EnvironmentGenerator.MAX_VPCS);
    int iam =
        byType.get(Service.ROLE)
            + byType.get(Service.MANAGED_POLICY)
            + byType.get(Service.ROLE_POLICY);
    assertThat(iam).as("IAM is the largest family").isGreaterThan(2_000 / 6);
    assertThat(byType.get(Service.FUNCTION)).isGreaterThan(100);
    assertThat(forma.get("Targets")).hasSize(2);
  }

  @Test
  void neverMoreThanFiveVpcs() {
    ObjectNode forma = EnvironmentGenerator.generate(12_000, 3);
    long vpcs = types(forma).stream().filter(Network.VPC::equals).count();
    assertThat(vpcs).isEqualTo(EnvironmentGenerator.MAX_VPCS);
  }

  @Test
  void referencesFollowTheRulesAwsEnforces() {
    ObjectNode forma = EnvironmentGenerator.generate(2_000, 42);
    Map<String, JsonNode> byLabel = new HashMap<>();
    forma
        .get("Resources")
        .forEach(r -> byLabel.put(r.get("Stack").asText() + "/" + r.get("Label").asText(), r));
    int checked = 0;
    for (JsonNode r : forma.get("Resources")) {
      JsonNode p = r.get("Properties");
      switch (r.get("Type").asText()) {
        case Service.KMS_ALIAS -> {
          assertRef(p.get("TargetKeyId"), Service.KMS_KEY, "Arn");
          checked++;
        }
        case Service.FUNCTION -> {
          JsonNode role = target(byLabel, assertRef(p.get("Role"), Service.ROLE, "Arn"));
          assertThat(
                  role.at("/Properties/AssumeRolePolicyDocument/Statement/0/Principal/Service")
                      .asText())
              .isEqualTo("lambda.amazonaws.com");
          checked++;
        }
        case Network.ROUTE -> {
          JsonNode table =
              target(
                  byLabel, assertRef(p.get("RouteTableId"), Network.ROUTE_TABLE, "RouteTableId"));
          JsonNode via =
              p.has("GatewayId")
                  ? target(
                      byLabel,
                      assertRef(
                          p.get("GatewayId"), Network.GATEWAY_ATTACHMENT, "InternetGatewayId"))
                  : target(
                      byLabel,
                      assertRef(p.get("NatGatewayId"), Network.NAT_GATEWAY, "NatGatewayId"));
          JsonNode viaVpc =
              p.has("GatewayId")
                  ? via.at("/Properties/VpcId/$label")
                  : target(byLabel, via.at("/Properties/SubnetId")).at("/Properties/VpcId/$label");
          assertThat(viaVpc.asText()).isEqualTo(table.at("/Properties/VpcId/$label").asText());
          checked++;
        }
        case Service.VOLUME_ATTACHMENT -> {
          JsonNode volume =
              target(byLabel, assertRef(p.get("VolumeId"), Service.VOLUME, "VolumeId"));
          JsonNode instance =
              target(byLabel, assertRef(p.get("InstanceId"), Service.INSTANCE, "InstanceId"));
          JsonNode subnet = target(byLabel, instance.at("/Properties/SubnetId"));
          String zone = volume.at("/Properties/AvailabilityZone").asText();
          assertThat(instance.at("/Properties/AvailabilityZone").asText()).isEqualTo(zone);
          assertThat(subnet.at("/Properties/AvailabilityZone").asText()).isEqualTo(zone);
          checked++;
        }
        case Service.INSTANCE_PROFILE -> {
          assertRef(p.get("Roles").get(0), Service.ROLE, "RoleName");
          checked++;
        }
        case Service.MANAGED_POLICY -> {
          assertRef(p.get("Roles").get(0), Service.ROLE, "RoleName");
          checked++;
        }
        case Service.ROLE_POLICY -> {
          assertRef(p.get("RoleName"), Service.ROLE, "RoleName");
          checked++;
        }
        case Service.RECORD_SET -> {
          assertRef(p.get("HostedZoneId"), Service.HOSTED_ZONE, "Id");
          checked++;
        }
        default -> {}
      }
    }
    assertThat(checked).isGreaterThan(500);
  }

  @Test
  void everyNameTheCloudSeesCarriesTheSeed() {
    Map<String, String> names = new HashMap<>();
    names.put(Service.ROLE, "RoleName");
    names.put(Service.MANAGED_POLICY, "ManagedPolicyName");
    names.put(Service.ROLE_POLICY, "PolicyName");
    names.put(Service.INSTANCE_PROFILE, "InstanceProfileName");
    names.put(Service.BUCKET, "BucketName");
    names.put(Service.QUEUE, "QueueName");
    names.put(Service.TOPIC, "TopicName");
    names.put(Service.TABLE, "TableName");
    names.put(Service.SECRET, "Name");
    names.put(Service.LOG_GROUP, "LogGroupName");
    names.put(Service.FUNCTION, "FunctionName");
    names.put(Service.KMS_ALIAS, "AliasName");
    names.put(Service.HOSTED_ZONE, "Name");
    names.put(Service.RECORD_SET, "Name");
    names.put(Service.ECR_REPOSITORY, "RepositoryName");
    names.put(Service.LAUNCH_TEMPLATE, "LaunchTemplateName");
    names.put(Network.SECURITY_GROUP, "GroupName");
    long seed = 987_654_321L;
    String prefix = EnvironmentGenerator.prefix(seed);
    ObjectNode forma = EnvironmentGenerator.generate(2_000, seed);
    Set<String> seen = new HashSet<>();
    for (JsonNode r : forma.get("Resources")) {
      String property = names.get(r.get("Type").asText());
      if (property != null) {
        assertThat(r.at("/Properties/" + property).asText())
            .as(r.get("Label").asText())
            .contains(prefix);
        seen.add(r.get("Type").asText());
      }
    }
    assertThat(seen).isEqualTo(names.keySet());
    forma.get("Stacks").forEach(s -> assertThat(s.get("Label").asText()).startsWith(prefix));
  }

  @Test
  void retargetMovesTargetsAndKeepsTheirRegionLeavingTheInputUnchanged() {
    ObjectNode forma = EnvironmentGenerator.generate(500, 1);
    String before = EnvironmentGenerator.json(forma);
    ObjectNode config =
        Draft.obj("Endpoint", "http://127.0.0.1:4566", "RateLimit", 50, "Region", "x");
    ObjectNode moved = EnvironmentGenerator.retarget(forma, "AWS", config);
    assertThat(EnvironmentGenerator.json(forma)).isEqualTo(before);
    assertThat(moved.get("Targets")).hasSize(2);
    for (JsonNode t : moved.get("Targets")) {
      assertThat(t.get("Namespace").asText()).isEqualTo("AWS");
      assertThat(t.at("/Config/Endpoint").asText()).isEqualTo("http://127.0.0.1:4566");
      assertThat(t.at("/Config/RateLimit").asInt()).isEqualTo(50);
      assertThat(t.at("/Config/Region").asText()).isNotEqualTo("x");
    }
    assertThat(moved.get("Resources")).isEqualTo(forma.get("Resources"));
  }

  private static List<String> types(ObjectNode forma) {
    List<String> out = new ArrayList<>();
    forma.get("Resources").forEach(r -> out.add(r.get("Type").asText()));
    return out;
  }

  /** Asserts {@code ref} names {@code property} of a {@code type}; returns it. */
  private static JsonNode assertRef(JsonNode ref, String type, String property) {
    assertThat(ref.path("$res").asBoolean()).as("a reference: %s", ref).isTrue();
    assertThat(ref.path("$type").asText()).isEqualTo(type);
    assertThat(ref.path("$property").asText()).isEqualTo(property);
    return ref;
  }

  private static JsonNode target(Map<String, JsonNode> byLabel, JsonNode ref) {
    JsonNode r = byLabel.get(ref.get("$stack").asText() + "/" + ref.get("$label").asText());
    assertThat(r).as("the resource %s names", ref).isNotNull();
    return r;
  }
}
