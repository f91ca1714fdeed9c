package dev.forja.cli.plan;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forja.cli.CliException;
import dev.forja.cli.ExitCode;
import dev.forja.cli.OutputFormatOption;
import dev.forja.cli.forma.FormaInput;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.input.FormaReader;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.Ksuid;
import dev.forja.engine.plan.Changeset;
import dev.forja.engine.plan.InMemoryInventory;
import dev.forja.engine.plan.Inventory;
import dev.forja.engine.plan.PlanException;
import dev.forja.engine.plan.PlanReport;
import dev.forja.engine.plan.Planner;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.engine.schema.SchemaRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code forja plan FILE}: the changeset a forma needs, planned offline against an empty inventory
 * or a given one, in dependency levels. The agent's simulate prints the same report.
 */
@Command(
    name = "plan",
    description =
        "Plan a forma offline: print the ordered changeset, grouped in dependency levels, that"
            + " would take the inventory (empty, or --inventory) to it.")
public final class PlanCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "The forma file (.json, .yaml, .pkl).")
  private Path file;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      defaultValue = "reconcile",
      description = "reconcile, patch or destroy (default: ${DEFAULT-VALUE}).")
  private String mode;

  @Option(
      names = "--on-dependents",
      paramLabel = "WHAT",
      defaultValue = "abort",
      description =
          "What a delete does about managed resources outside it that depend on what it deletes:"
              + " abort or cascade (default: ${DEFAULT-VALUE}).")
  private String onDependents;

  @Option(
      names = "--inventory",
      paramLabel = "FILE",
      description = "A JSON list of current resources (the API's inventory shape) to plan against.")
  private Path inventoryFile;

  @Mixin private OutputFormatOption output;

  @Override
  public Integer call() {
    PlanMode planMode = parse(() -> PlanMode.parse(mode));
    OnDependents deps = parse(() -> OnDependents.parse(onDependents));
    Inventory inventory = inventoryFile == null ? InMemoryInventory.empty() : readInventory();
    SchemaRegistry types = PluginRegistry.load(getClass().getClassLoader()).schemas();
    Forma forma = FormaInput.read(FormaReader.of(types, inventory.asLookup()), file);
    Changeset changeset;
    try {
      changeset = new Planner(types, Ksuid.generator()).plan(forma, inventory, planMode, deps);
    } catch (PlanException e) {
      throw CliException.invalidInput(
          "cannot plan " + file + ":\n  " + String.join("\n  ", e.problems()));
    }
    output.print(
        spec.commandLine().getOut(),
        PlanReport.toJson(changeset),
        out -> out.print(PlanReport.toTable(changeset)));
    return ExitCode.SUCCESS.code();
  }

  private static <T> T parse(Supplier<T> value) {
    try {
      return value.get();
    } catch (IllegalArgumentException e) {
      throw CliException.invalidInput(e.getMessage());
    }
  }

  private Inventory readInventory() {
    try {
      List<InventoryResource> resources =
          JSON.readValue(
              Files.readString(inventoryFile), new TypeReference<List<InventoryResource>>() {});
      return InMemoryInventory.of(resources);
    } catch (IOException | IllegalArgumentException e) {
      throw CliException.invalidInput(
          inventoryFile + ": not a JSON list of inventory resources: " + e.getMessage());
    }
  }
}
