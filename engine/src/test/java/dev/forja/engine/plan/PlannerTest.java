package dev.forja.engine.plan;

import static dev.forja.engine.testing.Formas.forma;
import static dev.forja.engine.testing.Formas.props;
import static dev.forja.engine.testing.Formas.ref;
import static dev.forja.engine.testing.TestSchemas.BUCKET;
import static dev.forja.engine.testing.TestSchemas.PROFILE;
import static dev.forja.engine.testing.TestSchemas.RECORD;
import static dev.forja.engine.testing.TestSchemas.ROLE;
import static dev.forja.engine.testing.TestSchemas.SG;
import static dev.forja.engine.testing.TestSchemas.SUBNET;
import static dev.forja.engine.testing.TestSchemas.VPC;
import static dev.forja.engine.testing.TestSchemas.ZONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.Ksuid;
import dev.forja.engine.model.OpaqueValue;
import dev.forja.engine.model.Target;
import dev.forja.engine.plan.DependencyGraph.Node;
import dev.forja.engine.testing.TestSchemas;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Planner planner =
      new Planner(
          TestSchemas.registry(),
          Ksuid.generator(
              Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), new Random(7)));

  private Changeset plan(Forma f, Inventory inv, PlanMode mode) {
    return planner.plan(f, inv, mode, OnDependents.ABORT);
  }

  private static Forma network() {
    return forma()
        .resource("vpc", VPC, props("CidrBlock", "10.0.0.0/16"))
        .resource("sub", SUBNET, props("VpcId", ref("vpc", "VpcId"), "CidrBlock", "10.0.1.0/24"))
        .resource("sg", SG, props("VpcId", ref("vpc", "VpcId"), "Description", "web"))
        .build();
  }

  private static Map<String, Operation> ops(Changeset c) {
    return c.updates().stream()
        .collect(Collectors.toMap(u -> u.key().toString(), ResourceUpdate::operation));
  }

  /** The nodes in an order a single-threaded executor would run them. */
  private static List<String> runOrder(Changeset c) {
    Schedule s = c.graph().schedule();
    List<String> order = new ArrayList<>();
    List<Node> ready;
    while (!(ready = s.takeReady()).isEmpty()) {
      for (Node n : ready) {
        order.add(c.graph().update(n).label() + ":" + n.operation());
        s.succeeded(n);
      }
    }
    assertThat(s.isDone()).isTrue();
    return order;
  }

  private static InventoryResource stored(
      String ksuid, String stack, String label, String type, ObjectNode props, ObjectNode ro) {
    return new InventoryResource(ksuid, stack, label, type, "aws", "id-" + label, true, props, ro);
  }

  @Test
  void createsEverythingInDependencyLevelsAgainstAnEmptyInventory() {
    Changeset c = plan(network(), InMemoryInventory.empty(), PlanMode.RECONCILE);
    assertThat(ops(c))
        .containsOnly(
            Map.entry("net/vpc", Operation.CREATE),
            Map.entry("net/sub", Operation.CREATE),
            Map.entry("net/sg", Operation.CREATE));
    List<List<Node>> levels = c.graph().levels();
    assertThat(levels).hasSize(2);
    assertThat(levels.get(0)).extracting(n -> c.graph().update(n).label()).containsExactly("vpc");
    assertThat(levels.get(1))
        .extracting(n -> c.graph().update(n).label())
        .containsExactly("sg", "sub");
  }

  @Test
  void referencesArePlannedAsKsuidRefs() {
    Changeset c = plan(network(), InMemoryInventory.empty(), PlanMode.RECONCILE);
    String vpcKsuid = c.updates().get(0).ksuid();
    JsonNode ref = c.updates().get(1).desired().get("VpcId");
    assertThat(ref.get("$ref").asText()).isEqualTo("forja://" + vpcKsuid + "#/VpcId");
    assertThat(ref.has("$res")).isFalse();
  }

  @Test
  void identicalDesiredAndStoredStatePlansNothingInEitherMode() {
    Changeset first = plan(network(), InMemoryInventory.empty(), PlanMode.RECONCILE);
    Inventory after = InMemoryInventory.afterSuccess(InMemoryInventory.empty(), first);
    assertThat(plan(network(), after, PlanMode.RECONCILE).isEmpty()).isTrue();
    assertThat(plan(network(), after, PlanMode.PATCH).isEmpty()).isTrue();
  }

  @Test
  void aMutableChangeIsAnUpdateWithItsJsonPatch() throws Exception {
    Inventory after =
        InMemoryInventory.afterSuccess(
            InMemoryInventory.empty(),
            plan(network(), InMemoryInventory.empty(), PlanMode.RECONCILE));
    Forma changed =
        forma()
            .resource("vpc", VPC, props("CidrBlock", "10.0.0.0/16"))
            .resource(
                "sub", SUBNET, props("VpcId", ref("vpc", "VpcId"), "CidrBlock", "10.0.1.0/24"))
            .resource("sg", SG, props("VpcId", ref("vpc", "VpcId"), "Description", "api"))
            .build();
    Changeset c = plan(changed, after, PlanMode.RECONCILE);
    assertThat(ops(c)).containsOnly(Map.entry("net/sg", Operation.UPDATE));
    assertThat(c.updates().get(0).patch())
        .isEqualTo(
            JSON.readTree("[{\"op\":\"replace\",\"path\":\"/Description\",\"value\":\"api\"}]"));
  }

  @Test
  void aCreateOnlyChangeIsAReplaceThatCascadesToCreateOnlyDependents() {
    Inventory after =
        InMemoryInventory.afterSuccess(
            InMemoryInventory.empty(),
            plan(network(), InMemoryInventory.empty(), PlanMode.RECONCILE));
    Forma changed =
        forma()
            .resource("vpc", VPC, props("CidrBlock", "10.9.0.0/16"))
            .resource(
                "sub", SUBNET, props("VpcId", ref("vpc", "VpcId"), "CidrBlock", "10.0.1.0/24"))
            .resource("sg", SG, props("VpcId", ref("vpc", "VpcId"), "Description", "web"))
            .build();
    Changeset c = plan(changed, after, PlanMode.RECONCILE);
    assertThat(ops(c))
        .containsOnly(
            Map.entry("net/vpc", Operation.REPLACE),
            Map.entry("net/sub", Operation.REPLACE),
            Map.entry("net/sg", Operation.REPLACE));
    assertThat(c.updates().stream().filter(ResourceUpdate::cascade).map(ResourceUpdate::label))
        .containsExactlyInAnyOrder("sub", "sg");
    List<String> order = runOrder(c);
    assertThat(order.indexOf("sub:delete")).isLessThan(order.indexOf("vpc:delete"));
    assertThat(order.indexOf("vpc:delete")).isLessThan(order.indexOf("vpc:create"));
    assertThat(order.indexOf("vpc:create")).isLessThan(order.indexOf("sub:create"));
  }

  @Test
  void aReplaceReResolvesDependentsThatReferenceItThroughAMutableProperty() {
    Forma f =
        forma()
            .resource("role", ROLE, props("RoleName", "app"))
            .resource(
                "profile",
                PROFILE,
                props("Roles", JsonNodeFactory.instance.arrayNode().add(ref("role", "RoleName"))))
            .resource("bucket", BUCKET, props("BucketName", "b1", "Owner", ref("role", "Arn")))
            .build();
    Inventory after =
        InMemoryInventory.afterSuccess(
            InMemoryInventory.empty(), plan(f, InMemoryInventory.empty(), PlanMode.RECONCILE));
    Forma moved =
        new Forma(
            f.description(),
            f.stacks(),
            List.of(f.targets().get(0), new Target("aws2", "AWS", null, false)),
            List.of(
                new dev.forja.engine.model.Resource(
                    "role", ROLE, "net", "aws2", props("RoleName", "app")),
                f.resources().get(1),
                f.resources().get(2)));
    Changeset c = plan(moved, after, PlanMode.RECONCILE);
    assertThat(ops(c))
        .containsOnly(
            Map.entry("net/role", Operation.REPLACE),
            Map.entry("net/profile", Operation.UPDATE),
            Map.entry("net/bucket", Operation.UPDATE));
    List<String> order = runOrder(c);
    assertThat(order.indexOf("role:create")).isLessThan(order.indexOf("bucket:update"));
  }

  @Test
  void reconcileDeletesWhatItsStacksHoldAndTheFormaOmitsButLeavesOtherStacksAlone() {
    Inventory inv =
        InMemoryInventory.of(
            List.of(
                stored("K1", "net", "vpc", VPC, props("CidrBlock", "10.0.0.0/16"), null),
                stored("K2", "net", "old", BUCKET, props("BucketName", "old"), null),
                stored("K3", "app", "data", BUCKET, props("BucketName", "data"), null)));
    Forma f = forma().resource("vpc", VPC, props("CidrBlock", "10.0.0.0/16")).build();
    Changeset c = plan(f, inv, PlanMode.RECONCILE);
    assertThat(ops(c)).containsOnly(Map.entry("net/old", Operation.DELETE));
    assertThat(plan(f, inv, PlanMode.PATCH).isEmpty()).isTrue();
  }

  @Test
  void reconcileRefusesToDeleteAResourceTheFormaStillReferences() {
    Inventory inv =
        InMemoryInventory.of(
            List.of(
                stored("K1", "net", "vpc", VPC, props("CidrBlock", "10.0.0.0/16"), null),
                stored("K2", "net", "sub", SUBNET, props("VpcId", refTo("K1", "VpcId")), null)));
    Forma f = forma().resource("sub", SUBNET, props("VpcId", ref("vpc", "VpcId"))).build();
    assertThatThrownBy(() -> plan(f, inv, PlanMode.RECONCILE))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("net/sub references net/vpc")
        .hasMessageContaining("deletes");
  }

  @Test
  void anUpdateThatDropsAReferenceRunsBeforeTheReferencedResourceIsDeleted() {
    Inventory inv =
        InMemoryInventory.of(
            List.of(
                stored("K1", "net", "role", ROLE, props("RoleName", "r"), null),
                stored(
                    "K2",
                    "net",
                    "bucket",
                    BUCKET,
                    props("BucketName", "b", "Owner", refTo("K1", "Arn")),
                    null)));
    Forma f = forma().resource("bucket", BUCKET, props("BucketName", "b")).build();
    Changeset c = plan(f, inv, PlanMode.RECONCILE);
    assertThat(ops(c))
        .containsOnly(
            Map.entry("net/bucket", Operation.UPDATE), Map.entry("net/role", Operation.DELETE));
    List<String> order = runOrder(c);
    assertThat(order).containsExactly("bucket:update", "role:delete");
  }

  @Test
  void patchMergesCollectionsByTheirUpdateMethodAndRemovesNothing() throws Exception {
    ObjectNode storedSg =
        (ObjectNode)
            JSON.readTree(
                "{\"Description\":\"web\",\"Tags\":[{\"Key\":\"a\",\"Value\":\"1\"}],\"Ports\":[80]}");
    Inventory inv = InMemoryInventory.of(List.of(stored("K1", "net", "sg", SG, storedSg, null)));
    ObjectNode patch =
        (ObjectNode)
            JSON.readTree(
                "{\"Tags\":[{\"Key\":\"a\",\"Value\":\"2\"},{\"Key\":\"b\",\"Value\":\"3\"}],\"Ports\":[443,80]}");
    Changeset c = plan(forma().resource("sg", SG, patch).build(), inv, PlanMode.PATCH);
    assertThat(ops(c)).containsOnly(Map.entry("net/sg", Operation.UPDATE));
    assertThat(c.updates().get(0).desired())
        .isEqualTo(
            JSON.readTree(
                "{\"Description\":\"web\",\"Tags\":[{\"Key\":\"a\",\"Value\":\"2\"},"
                    + "{\"Key\":\"b\",\"Value\":\"3\"}],\"Ports\":[80,443]}"));
    Inventory after = InMemoryInventory.afterSuccess(inv, c);
    assertThat(plan(forma().resource("sg", SG, patch).build(), after, PlanMode.PATCH).isEmpty())
        .isTrue();
  }

  @Test
  void aPropertyTheCloudDefaultsIsNotDriftWhenTheFormaLeavesItOut() {
    Inventory inv =
        InMemoryInventory.of(
            List.of(
                stored(
                    "K1",
                    "net",
                    "role",
                    ROLE,
                    props(
                        "RoleName",
                        "r",
                        "MaxSessionDuration",
                        JsonNodeFactory.instance.numberNode(3600)),
                    null)));
    assertThat(
            plan(
                    forma().resource("role", ROLE, props("RoleName", "r")).build(),
                    inv,
                    PlanMode.RECONCILE)
                .isEmpty())
        .isTrue();
  }

  @Test
  void anUnchangedSecretMatchesItsStoredDigestAndAChangedOneDoesNot() {
    OpaqueValue secret = new OpaqueValue(JsonNodeFactory.instance.textNode("s3cr3t"), null);
    Inventory inv =
        InMemoryInventory.of(
            List.of(
                stored(
                    "K1",
                    "net",
                    "b",
                    BUCKET,
                    props("BucketName", "b", "Key", secret.digested().toJson()),
                    null)));
    Forma same =
        forma().resource("b", BUCKET, props("BucketName", "b", "Key", secret.toJson())).build();
    assertThat(plan(same, inv, PlanMode.RECONCILE).isEmpty()).isTrue();
    OpaqueValue other = new OpaqueValue(JsonNodeFactory.instance.textNode("other"), null);
    Forma changed =
        forma().resource("b", BUCKET, props("BucketName", "b", "Key", other.toJson())).build();
    assertThat(ops(plan(changed, inv, PlanMode.RECONCILE)))
        .containsOnly(Map.entry("net/b", Operation.UPDATE));
  }

  @Test
  void destroyDeletesContainedAndAttachedResourcesBeforeTheirParents() {
    Inventory inv = environmentWithLiteralEdges();
    Forma all =
        forma()
            .resource("zone", ZONE, props("Name", "example.com"))
            .resource("www", RECORD, props("HostedZoneId", "Z1"))
            .resource("role", ROLE, props("RoleName", "app"))
            .resource("profile", PROFILE, props())
            .build();
    Changeset c = plan(all, inv, PlanMode.DESTROY);
    assertThat(ops(c).values()).containsOnly(Operation.DELETE).hasSize(4);
    List<String> order = runOrder(c);
    assertThat(order.indexOf("www:delete")).isLessThan(order.indexOf("zone:delete"));
    assertThat(order.indexOf("profile:delete")).isLessThan(order.indexOf("role:delete"));
  }

  @Test
  void createsFollowLiteralContainmentAndAttachmentEdgesToo() {
    Forma f =
        forma()
            .resource("www", RECORD, props("HostedZoneId", "Z1"))
            .resource("zone", ZONE, props("Name", "example.com", "Id", "Z1"))
            .resource(
                "profile", PROFILE, props("Roles", JsonNodeFactory.instance.arrayNode().add("app")))
            .resource("role", ROLE, props("RoleName", "app"))
            .build();
    List<String> order = runOrder(plan(f, InMemoryInventory.empty(), PlanMode.RECONCILE));
    assertThat(order.indexOf("zone:create")).isLessThan(order.indexOf("www:create"));
    assertThat(order.indexOf("role:create")).isLessThan(order.indexOf("profile:create"));
  }

  @Test
  void destroyRefusesToStrandDependentsOutsideItNamingEachOne() {
    Forma zoneOnly = forma().resource("zone", ZONE, props("Name", "example.com")).build();
    assertThatThrownBy(() -> plan(zoneOnly, environmentWithLiteralEdges(), PlanMode.DESTROY))
        .isInstanceOfSatisfying(
            PlanException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(PlanException.Reason.DEPENDENTS);
              assertThat(e.getMessage())
                  .contains("net/www")
                  .contains("HostedZoneId")
                  .contains("net/zone");
            });
  }

  @Test
  void destroyWithCascadeDeletesDependentsFirst() {
    Forma zoneOnly = forma().resource("zone", ZONE, props("Name", "example.com")).build();
    Changeset c =
        planner.plan(
            zoneOnly, environmentWithLiteralEdges(), PlanMode.DESTROY, OnDependents.CASCADE);
    assertThat(ops(c))
        .containsOnly(
            Map.entry("net/zone", Operation.DELETE), Map.entry("net/www", Operation.DELETE));
    assertThat(runOrder(c)).containsExactly("www:delete", "zone:delete");
  }

  @Test
  void aReferenceNeitherInTheFormaNorTheInventoryFailsPlanning() {
    Forma f =
        forma().resource("sub", SUBNET, props("VpcId", ref("shared", "vpc", "VpcId"))).build();
    assertThatThrownBy(() -> plan(f, InMemoryInventory.empty(), PlanMode.RECONCILE))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("shared/vpc");
  }

  @Test
  void aReferenceToAManagedResourceOfAnotherStackIsReadNotChanged() {
    Inventory inv =
        InMemoryInventory.of(
            List.of(stored("K9", "shared", "vpc", VPC, props("CidrBlock", "10.0.0.0/16"), null)));
    Forma f =
        forma().resource("sub", SUBNET, props("VpcId", ref("shared", "vpc", "VpcId"))).build();
    Changeset c = plan(f, inv, PlanMode.RECONCILE);
    assertThat(ops(c)).containsOnly(Map.entry("net/sub", Operation.CREATE));
    assertThat(c.updates().get(0).desired().get("VpcId").get("$ref").asText())
        .isEqualTo("forja://K9#/VpcId");
  }

  @Test
  void aTypeChangeUnderTheSameLabelIsRefused() {
    Inventory inv = InMemoryInventory.of(List.of(stored("K1", "net", "x", BUCKET, props(), null)));
    assertThatThrownBy(
            () -> plan(forma().resource("x", ROLE, props()).build(), inv, PlanMode.RECONCILE))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("net/x is declared as AWS::IAM::Role");
  }

  @Test
  void aDependencyCycleIsAnErrorNamingEveryResourceOnIt() {
    Forma f =
        forma()
            .resource("a", BUCKET, props("X", ref("c", "Arn")))
            .resource("b", BUCKET, props("X", ref("a", "Arn")))
            .resource("c", BUCKET, props("X", ref("b", "Arn")))
            .resource("d", BUCKET, props())
            .build();
    assertThatThrownBy(() -> plan(f, InMemoryInventory.empty(), PlanMode.RECONCILE))
        .isInstanceOfSatisfying(
            PlanException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(PlanException.Reason.CYCLE);
              assertThat(e.getMessage())
                  .contains("dependency cycle")
                  .contains("net/a")
                  .contains("net/b")
                  .contains("net/c");
              assertThat(e.getMessage()).doesNotContain("net/d");
              assertThat(e.resources())
                  .extracting(Object::toString)
                  .containsExactlyInAnyOrder("net/a", "net/b", "net/c");
            });
  }

  private static Inventory environmentWithLiteralEdges() {
    return InMemoryInventory.of(
        List.of(
            stored("K1", "net", "zone", ZONE, props("Name", "example.com"), props("Id", "Z1")),
            stored("K2", "net", "www", RECORD, props("HostedZoneId", "Z1"), null),
            stored("K3", "net", "role", ROLE, props("RoleName", "app"), null),
            stored(
                "K4",
                "net",
                "profile",
                PROFILE,
                props("Roles", JsonNodeFactory.instance.arrayNode().add("app")),
                null)));
  }

  private static ObjectNode refTo(String ksuid, String property) {
    return new dev.forja.engine.model.ResolvedRef(ksuid, "/" + property, null).toJson();
  }
}
