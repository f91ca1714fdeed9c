package dev.forja.engine.plan;

import static dev.forja.engine.testing.Formas.forma;
import static dev.forja.engine.testing.Formas.props;
import static dev.forja.engine.testing.Formas.ref;
import static dev.forja.engine.testing.TestSchemas.BUCKET;
import static dev.forja.engine.testing.TestSchemas.SUBNET;
import static dev.forja.engine.testing.TestSchemas.VPC;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.Ksuid;
import dev.forja.engine.model.OpaqueValue;
import dev.forja.engine.testing.TestSchemas;
import org.junit.jupiter.api.Test;

class PlanReportTest {
  private static final Forma FORMA =
      forma()
          .resource("vpc", VPC, props("CidrBlock", "10.0.0.0/16"))
          .resource("sub", SUBNET, props("VpcId", ref("vpc", "VpcId")))
          .resource(
              "b",
              BUCKET,
              props(
                  "Key",
                  new OpaqueValue(JsonNodeFactory.instance.textNode("s3cr3t"), null).toJson()))
          .build();

  private static Changeset plan() {
    return new Planner(TestSchemas.registry(), Ksuid.generator())
        .plan(FORMA, InMemoryInventory.empty(), PlanMode.RECONCILE, OnDependents.ABORT);
  }

  @Test
  void groupsStepsInDependencyLevelsWithCounts() {
    ObjectNode json = PlanReport.toJson(plan());
    assertThat(json.get("ChangesRequired").asBoolean()).isTrue();
    assertThat(json.get("Counts").get("create").asInt()).isEqualTo(3);
    assertThat(json.get("Levels")).hasSize(2);
    assertThat(json.get("Levels").get(1).get(0).get("Label").asText()).isEqualTo("sub");
    assertThat(json.at("/Levels/1/0/Properties/VpcId/$ref").asText())
        .isEqualTo("new:net/vpc#/VpcId");
  }

  @Test
  void planningTheSameInputTwicePrintsTheSameReport() {
    assertThat(PlanReport.toJson(plan())).isEqualTo(PlanReport.toJson(plan()));
    assertThat(PlanReport.toTable(plan())).isEqualTo(PlanReport.toTable(plan()));
  }

  @Test
  void secretsNeverAppearInEitherForm() {
    assertThat(PlanReport.toJson(plan()).toString()).doesNotContain("s3cr3t").contains("Opaque");
    assertThat(PlanReport.toTable(plan())).doesNotContain("s3cr3t");
  }

  @Test
  void theTableSaysWhatWillHappen() {
    String t = PlanReport.toTable(plan());
    assertThat(t).startsWith("Plan: 3 to create, 0 to update, 0 to replace, 0 to delete.");
    assertThat(t).contains("Level 1").contains("+ create").contains("net/sub");
  }
}
