package dev.forja.actors.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.input.FormaReader;
import dev.forja.engine.input.InputFormat;
import dev.forja.engine.input.ReadResult;
import dev.forja.engine.input.ResourceLookup;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.Ksuid;
import dev.forja.engine.model.Resource;
import dev.forja.engine.model.Target;
import dev.forja.engine.plan.Changeset;
import dev.forja.engine.plan.InMemoryInventory;
import dev.forja.engine.plan.Planner;
import dev.forja.plugin.catalog.AwsCatalog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeneratedFormaTest {

  private static Forma read(String json) {
    ReadResult r =
        FormaReader.of(AwsCatalog.registry(), ResourceLookup.NONE)
            .readString(json, InputFormat.JSON, "generated");
    assertThat(r.problems()).isEmpty();
    return r.forma();
  }

  @Test
  void sameSeedGivesTheSameJsonAndAnotherSeedDoesNot() {
    assertThat(GeneratedForma.json(300, 7)).isEqualTo(GeneratedForma.json(300, 7));
    assertThat(GeneratedForma.json(300, 7)).isNotEqualTo(GeneratedForma.json(300, 8));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5, 12, 13, 199, 200, 201, 1_000})
  void holdsExactlyCountValidResourcesInStacksOfAtMostTwoHundred(int count) {
    Forma forma = read(GeneratedForma.json(count, 42));

    assertThat(forma.resources()).hasSize(count);
    assertThat(forma.targets()).singleElement().extracting(Target::namespace).isEqualTo("SIM");
    Map<String, Integer> perStack = new HashMap<>();
    forma.resources().forEach(r -> perStack.merge(r.stack(), 1, Integer::sum));
    assertThat(perStack.values()).allMatch(n -> n <= GeneratedForma.MAX_STACK_SIZE);
    assertThat(perStack).hasSize(forma.stacks().size());
  }

  @Test
  void referencesGiveTheGraphDepthFive() {
    Forma forma = read(GeneratedForma.json(GeneratedForma.SERVICE_SIZE * 3, 1));

    Changeset plan =
        new Planner(AwsCatalog.registry(), Ksuid.generator())
            .plan(forma, InMemoryInventory.empty(), PlanMode.RECONCILE, OnDependents.ABORT);

    assertThat(plan.graph().levels()).hasSize(5);
    List<String> types = forma.resources().stream().map(Resource::type).distinct().toList();
    assertThat(types).contains("AWS::IAM::RolePolicy", "AWS::Lambda::EventSourceMapping");
  }
}
