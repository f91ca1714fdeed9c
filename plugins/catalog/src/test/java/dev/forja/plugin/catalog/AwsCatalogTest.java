package dev.forja.plugin.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.engine.schema.EdgeKind;
import dev.forja.engine.schema.FieldHint;
import dev.forja.engine.schema.ResourceTypeSchema;
import dev.forja.engine.schema.TypeEdge;
import dev.forja.engine.schema.UpdateMethod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AwsCatalogTest {
  /** The types the simulator issue names. */
  private static final List<String> ISSUE_TYPES =
      List.of(
          "AWS::EC2::VPC",
          "AWS::EC2::Subnet",
          "AWS::EC2::InternetGateway",
          "AWS::EC2::VPCGatewayAttachment",
          "AWS::EC2::RouteTable",
          "AWS::EC2::Route",
          "AWS::EC2::SubnetRouteTableAssociation",
          "AWS::EC2::SecurityGroup",
          "AWS::EC2::NatGateway",
          "AWS::EC2::EIP",
          "AWS::IAM::Role",
          "AWS::IAM::ManagedPolicy",
          "AWS::IAM::RolePolicy",
          "AWS::IAM::InstanceProfile",
          "AWS::Lambda::Function",
          "AWS::S3::Bucket",
          "AWS::KMS::Key",
          "AWS::KMS::Alias",
          "AWS::Route53::HostedZone",
          "AWS::Route53::RecordSet",
          "AWS::SQS::Queue",
          "AWS::SNS::Topic",
          "AWS::SecretsManager::Secret",
          "AWS::DynamoDB::Table",
          "AWS::EC2::Instance",
          "AWS::EC2::Volume",
          "AWS::EC2::VolumeAttachment",
          "AWS::EC2::LaunchTemplate",
          "AWS::Logs::LogGroup",
          "AWS::ECR::Repository");

  /** The load-test generator's types beyond the issue's. */
  private static final List<String> LOADTEST_EXTRAS =
      List.of("AWS::S3::BucketPolicy", "AWS::Lambda::EventSourceMapping");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
  private static final Set<String> TOKENS =
      Set.of("id", "region", "account", "uuid", "ip", "privateip", "name", "lname");

  @Test
  void holdsEveryTypeOfTheIssueAndTheLoadTest() {
    Set<String> names = new HashSet<>();
    AwsCatalog.types().forEach(t -> names.add(t.name()));
    assertThat(names).containsAll(ISSUE_TYPES).containsAll(LOADTEST_EXTRAS);
    assertThat(AwsCatalog.types()).hasSize(ISSUE_TYPES.size() + LOADTEST_EXTRAS.size());
  }

  @Test
  void theRegistryLoadsAndIsClosed() {
    assertThat(AwsCatalog.registry().isClosed()).isTrue();
    assertThat(AwsCatalog.registry().types()).hasSize(AwsCatalog.types().size());
    assertThat(AwsCatalog.schemas()).hasSize(AwsCatalog.types().size());
    assertThat(AwsCatalog.find("AWS::EC2::VPC")).isPresent();
    assertThat(AwsCatalog.find("AWS::Nope::Nothing")).isEmpty();
  }

  @Test
  void identifiersAreDeclaredPropertiesOrOutputs() {
    for (AwsType t : AwsCatalog.types()) {
      assertThat(t.schema().identifier()).as(t.name()).isNotBlank();
      assertThat(declared(t)).as(t.name()).contains(t.schema().identifier());
    }
  }

  @Test
  void edgesAndReferencesNameDeclaredPropertiesOfCatalogueTypes() {
    for (AwsType t : AwsCatalog.types()) {
      for (TypeEdge e : t.schema().edges()) {
        AwsType target = AwsCatalog.find(e.targetType()).orElse(null);
        assertThat(target).as("%s edge to %s", t.name(), e.targetType()).isNotNull();
        assertThat(declared(target)).as("%s edge %s", t.name(), e).contains(e.targetProperty());
      }
      for (AwsType.Reference r : t.references()) {
        AwsType target = AwsCatalog.find(r.targetType()).orElse(null);
        assertThat(target).as("%s reference to %s", t.name(), r.targetType()).isNotNull();
        assertThat(declared(target))
            .as("%s reference %s", t.name(), r)
            .contains(r.targetProperty());
      }
    }
  }

  @Test
  void aTypeThatHoldingReferencesNameSaysHowItsDeleteIsRefused() {
    for (AwsType t : AwsCatalog.types()) {
      for (AwsType.Reference r : t.references()) {
        if (r.holds()) {
          assertThat(AwsCatalog.find(r.targetType()).orElseThrow().deleteConflict())
              .as("%s.%s holds %s", t.name(), r.property(), r.targetType())
              .isNotBlank();
        }
      }
    }
  }

  @Test
  void theIssuesDeleteConstraintsAreDeclared() {
    assertThat(conflict("AWS::EC2::VPC")).isEqualTo("DependencyViolation");
    assertThat(conflict("AWS::Route53::HostedZone")).isEqualTo("HostedZoneNotEmpty");
    assertThat(conflict("AWS::IAM::Role")).isEqualTo("DeleteConflict");
    assertThat(holds("AWS::EC2::Subnet", "VpcId", "AWS::EC2::VPC")).isTrue();
    assertThat(holds("AWS::EC2::VPCGatewayAttachment", "VpcId", "AWS::EC2::VPC")).isTrue();
    assertThat(holds("AWS::Route53::RecordSet", "HostedZoneId", "AWS::Route53::HostedZone"))
        .isTrue();
    assertThat(holds("AWS::IAM::InstanceProfile", "Roles", "AWS::IAM::Role")).isTrue();
    assertThat(holds("AWS::IAM::ManagedPolicy", "Roles", "AWS::IAM::Role")).isTrue();
    assertThat(holds("AWS::IAM::RolePolicy", "RoleName", "AWS::IAM::Role")).isTrue();
    assertThat(holds("AWS::Lambda::Function", "Role", "AWS::IAM::Role")).isFalse();
  }

  @Test
  void containmentAndAttachmentEdgesOrderDestroy() {
    assertThat(edge("AWS::Route53::RecordSet", EdgeKind.PARENT, "AWS::Route53::HostedZone"))
        .isTrue();
    assertThat(edge("AWS::EC2::Route", EdgeKind.PARENT, "AWS::EC2::RouteTable")).isTrue();
    assertThat(edge("AWS::EC2::Subnet", EdgeKind.PARENT, "AWS::EC2::VPC")).isTrue();
    assertThat(edge("AWS::EC2::RouteTable", EdgeKind.PARENT, "AWS::EC2::VPC")).isTrue();
    assertThat(edge("AWS::EC2::SecurityGroup", EdgeKind.PARENT, "AWS::EC2::VPC")).isTrue();
    assertThat(edge("AWS::IAM::InstanceProfile", EdgeKind.ATTACHES_TO, "AWS::IAM::Role")).isTrue();
    assertThat(edge("AWS::IAM::ManagedPolicy", EdgeKind.ATTACHES_TO, "AWS::IAM::Role")).isTrue();
    assertThat(edge("AWS::IAM::RolePolicy", EdgeKind.ATTACHES_TO, "AWS::IAM::Role")).isTrue();
    assertThat(
            edge(
                "AWS::EC2::VPCGatewayAttachment",
                EdgeKind.ATTACHES_TO,
                "AWS::EC2::InternetGateway"))
        .isTrue();
    assertThat(edge("AWS::EC2::VPCGatewayAttachment", EdgeKind.ATTACHES_TO, "AWS::EC2::VPC"))
        .isTrue();
    assertThat(edge("AWS::EC2::VolumeAttachment", EdgeKind.ATTACHES_TO, "AWS::EC2::Volume"))
        .isTrue();
    assertThat(edge("AWS::EC2::VolumeAttachment", EdgeKind.ATTACHES_TO, "AWS::EC2::Instance"))
        .isTrue();
    assertThat(
            edge(
                "AWS::EC2::SubnetRouteTableAssociation",
                EdgeKind.ATTACHES_TO,
                "AWS::EC2::RouteTable"))
        .isTrue();
    assertThat(
            edge("AWS::EC2::SubnetRouteTableAssociation", EdgeKind.ATTACHES_TO, "AWS::EC2::Subnet"))
        .isTrue();
  }

  @Test
  void cloudControlIdentifiers() {
    assertThat(identifier("AWS::IAM::Role")).isEqualTo("RoleName");
    assertThat(identifier("AWS::S3::Bucket")).isEqualTo("BucketName");
    assertThat(identifier("AWS::Route53::HostedZone")).isEqualTo("Id");
    assertThat(identifier("AWS::KMS::Key")).isEqualTo("KeyId");
    assertThat(identifier("AWS::SQS::Queue")).isEqualTo("QueueUrl");
    assertThat(identifier("AWS::SNS::Topic")).isEqualTo("TopicArn");
    assertThat(identifier("AWS::EC2::VPC")).isEqualTo("VpcId");
    assertThat(identifier("AWS::EC2::SecurityGroup")).isEqualTo("Id");
    assertThat(identifier("AWS::IAM::ManagedPolicy")).isEqualTo("PolicyArn");
  }

  @Test
  void hintsSayWhatAwsDoes() {
    ResourceTypeSchema secret = schema("AWS::SecretsManager::Secret");
    assertThat(secret.hint("SecretString").opaque()).isTrue();
    assertThat(secret.hint("SecretString").writeOnly()).isTrue();
    assertThat(schema("AWS::EC2::VPC").hint("CidrBlock").createOnly()).isTrue();
    assertThat(schema("AWS::IAM::Role").hint("MaxSessionDuration").hasProviderDefault()).isTrue();
    for (AwsType t : AwsCatalog.types()) {
      FieldHint tags = t.schema().hint("Tags");
      if (t.schema().fields().containsKey("Tags")) {
        assertThat(tags.updateMethod()).as(t.name()).isEqualTo(UpdateMethod.ENTITY_SET);
        assertThat(tags.indexField()).isEqualTo("Key");
      }
    }
  }

  @Test
  void templatesUseKnownTokens() {
    for (AwsType t : AwsCatalog.types()) {
      List<String> templates = new ArrayList<>(t.outputs().values());
      if (t.identifier().template() != null) {
        templates.add(t.identifier().template());
      } else {
        assertThat(t.identifier().prefix()).as(t.name()).endsWith("-");
      }
      for (String template : templates) {
        assertThat(template.chars().filter(c -> c == '{').count())
            .as("%s: %s", t.name(), template)
            .isEqualTo(template.chars().filter(c -> c == '}').count());
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
          for (String alt : m.group(1).split("\\?", -1)) {
            boolean ok =
                alt.startsWith("=")
                    || TOKENS.contains(alt)
                    || alt.matches("(hex|alnum|num):\\d+")
                    || alt.matches("[A-Z][A-Za-z0-9]*");
            assertThat(ok).as("%s: %s in %s", t.name(), alt, template).isTrue();
          }
        }
      }
    }
  }

  // ---- helpers ----

  /** Properties a type declares: hinted fields, outputs, its identifier property. */
  private static Set<String> declared(AwsType t) {
    Set<String> out = new HashSet<>(t.schema().fields().keySet());
    out.addAll(t.outputs().keySet());
    return out;
  }

  private static String conflict(String type) {
    return AwsCatalog.find(type).orElseThrow().deleteConflict();
  }

  private static String identifier(String type) {
    return schema(type).identifier();
  }

  private static ResourceTypeSchema schema(String type) {
    return AwsCatalog.find(type).orElseThrow().schema();
  }

  private static boolean holds(String type, String property, String target) {
    return AwsCatalog.find(type).orElseThrow().references().stream()
        .anyMatch(r -> r.property().equals(property) && r.targetType().equals(target) && r.holds());
  }

  private static boolean edge(String type, EdgeKind kind, String target) {
    return schema(type).edges().stream()
        .anyMatch(e -> e.kind() == kind && e.targetType().equals(target));
  }
}
