package dev.forja.cli.client.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.input.FormaReader;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.Ksuid;
import dev.forja.engine.plan.Changeset;
import dev.forja.engine.plan.InMemoryInventory;
import dev.forja.engine.plan.Inventory;
import dev.forja.engine.plan.PlanReport;
import dev.forja.engine.plan.Planner;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.engine.schema.SchemaRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The agent's plan JSON prints exactly as {@code forja plan} prints the same plan offline. */
class PlanTableTest {
  private static final Path NETWORK = Path.of("..", "examples", "network.json");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SchemaRegistry TYPES =
      PluginRegistry.load(PlanTableTest.class.getClassLoader()).schemas();

  private static Forma read(String json, Inventory inventory) {
    return FormaReader.of(TYPES, inventory.asLookup())
        .readString(json, dev.forja.engine.input.InputFormat.JSON, "forma")
        .orThrow();
  }

  private static Changeset plan(Forma forma, Inventory inventory, PlanMode mode) {
    return new Planner(TYPES, Ksuid.generator()).plan(forma, inventory, mode, OnDependents.ABORT);
  }

  @Test
  void createsPrintAsThePlanVerbPrintsThem() throws Exception {
    Changeset creates =
        plan(
            read(Files.readString(NETWORK), InMemoryInventory.empty()),
            InMemoryInventory.empty(),
            PlanMode.RECONCILE);

    assertThat(PlanTable.render(PlanReport.toJson(creates)))
        .isEqualTo(PlanReport.toTable(creates))
        .contains("+ create");
  }

  @Test
  void updatesReplacesAndDeletesPrintAsThePlanVerbPrintsThem() throws Exception {
    String original = Files.readString(NETWORK);
    Inventory empty = InMemoryInventory.empty();
    Changeset creates = plan(read(original, empty), empty, PlanMode.RECONCILE);
    Inventory applied = InMemoryInventory.afterSuccess(empty, creates);
    ObjectNode changed = (ObjectNode) JSON.readTree(original);
    ObjectNode vpc = (ObjectNode) changed.get("Resources").get(0).get("Properties");
    vpc.put("CidrBlock", "10.1.0.0/16");
    vpc.put("EnableDnsSupport", false);
    Changeset changes = plan(read(changed.toString(), applied), applied, PlanMode.RECONCILE);
    Changeset deletes = plan(read(original, applied), applied, PlanMode.DESTROY);

    String replaceTable = PlanTable.render(PlanReport.toJson(changes));
    assertThat(replaceTable).isEqualTo(PlanReport.toTable(changes)).contains("replace (");
    assertThat(PlanTable.render(PlanReport.toJson(deletes)))
        .isEqualTo(PlanReport.toTable(deletes))
        .contains("- delete");
  }

  @Test
  void theSubmitReplyAndAnEmptyChangesetRead() throws Exception {
    assertThat(
            PlanTable.render(
                JSON.readTree(
                    "{\"CommandId\": null, \"ChangesRequired\": false, \"Changeset\": []}")))
        .isEqualTo(PlanTable.NO_CHANGES + "\n");
    assertThat(PlanTable.hasChanges(JSON.readTree("{\"Changeset\": []}"))).isFalse();
  }
}
