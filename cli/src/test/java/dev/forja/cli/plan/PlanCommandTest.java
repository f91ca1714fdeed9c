package dev.forja.cli.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {
  private static final Path NETWORK = Path.of("..", "examples", "network.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static CliRun forja(String... args) {
    return CliRun.of(args);
  }

  @Test
  void plansEveryResourceAsACreateAgainstAnEmptyInventory() throws Exception {
    CliRun r = forja("plan", "-o", "json", NETWORK.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode plan = JSON.readTree(r.out());
    int declared = JSON.readTree(Files.readString(NETWORK)).get("Resources").size();
    assertThat(plan.get("ChangesRequired").asBoolean()).isTrue();
    assertThat(plan.at("/Counts/create").asInt()).isEqualTo(declared);
    assertThat(plan.get("Levels").size()).isGreaterThan(1);
  }

  @Test
  void theTableShowsLevelsAndCounts() {
    CliRun r = forja("plan", NETWORK.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Plan: ").contains("Level 1").contains("+ create");
  }

  @Test
  void destroyAgainstAGivenInventoryDeletesWhatItHolds(@TempDir Path dir) throws Exception {
    JsonNode forma = JSON.readTree(Files.readString(NETWORK));
    ArrayNode inventory = JSON.createArrayNode();
    int i = 0;
    for (JsonNode r : forma.get("Resources")) {
      ObjectNode row = inventory.addObject();
      row.put("Ksuid", "K" + i++);
      row.put("Stack", r.get("Stack").asText());
      row.put("Label", r.get("Label").asText());
      row.put("Type", r.get("Type").asText());
      row.put("Target", r.get("Target").asText());
      row.put("NativeID", "id-" + r.get("Label").asText());
      row.put("Managed", true);
      row.putObject("Properties");
    }
    Path inv = dir.resolve("inventory.json");
    Files.writeString(inv, inventory.toString());
    CliRun r =
        forja(
            "plan",
            "--mode",
            "destroy",
            "--inventory",
            inv.toString(),
            "-o",
            "json",
            NETWORK.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(JSON.readTree(r.out()).at("/Counts/delete").asInt()).isEqualTo(i);
  }

  @Test
  void aBadModeOrInventoryExitsTwoNamingIt(@TempDir Path dir) throws Exception {
    CliRun mode = forja("plan", "--mode", "sideways", NETWORK.toString());
    assertThat(mode.exitCode()).isEqualTo(2);
    assertThat(mode.err()).contains("sideways").contains("reconcile");
    Path inv = dir.resolve("inventory.json");
    Files.writeString(inv, "{\"not\": \"a list\"}");
    CliRun bad = forja("plan", "--inventory", inv.toString(), NETWORK.toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("inventory.json");
  }
}
