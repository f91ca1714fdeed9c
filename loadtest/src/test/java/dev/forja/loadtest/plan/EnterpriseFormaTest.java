package dev.forja.loadtest.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.engine.input.FormaReader;
import dev.forja.engine.input.InputFormat;
import dev.forja.engine.input.ReadResult;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.Resource;
import dev.forja.engine.schema.SchemaRegistry;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A smoke test of the benchmark's generator, small enough for every build. */
class EnterpriseFormaTest {
  private static final int COUNT = 1_500;

  @Test
  void theSameSeedGivesTheSameJsonAndAnotherSeedAnother() {
    String once = EnterpriseForma.json(EnterpriseForma.generate(COUNT, 42));
    String again = EnterpriseForma.json(EnterpriseForma.generate(COUNT, 42));
    String other = EnterpriseForma.json(EnterpriseForma.generate(COUNT, 43));
    assertThat(again).isEqualTo(once);
    assertThat(other).isNotEqualTo(once);
  }

  @Test
  void theReaderAcceptsItWithEveryReferenceResolved() {
    String json = EnterpriseForma.json(EnterpriseForma.generate(COUNT, 42));
    ReadResult read = FormaReader.standalone().readString(json, InputFormat.JSON, "gen");
    assertThat(read.problems()).isEmpty();
    assertThat(read.forma().resources()).hasSize(COUNT);
  }

  @Test
  void ofExactlyTheCountInStacksOfAtMostThreeHundredWithEveryTypeDeclared() {
    SchemaRegistry types = AwsTypes.registry();
    for (int count : new int[] {1, 2, 21, 299, 301, COUNT}) {
      Forma forma = EnterpriseForma.generate(count, 7);
      assertThat(forma.resources()).as("count %d", count).hasSize(count);
      Map<String, Long> perStack =
          forma.resources().stream()
              .collect(Collectors.groupingBy(Resource::stack, Collectors.counting()));
      assertThat(perStack.keySet())
          .as("count %d: every declared stack is used", count)
          .containsExactlyInAnyOrderElementsOf(
              forma.stacks().stream().map(s -> s.label()).toList());
      assertThat(perStack.values()).as("count %d", count).allMatch(n -> n <= 300);
      assertThat(forma.resources()).allMatch(r -> types.find(r.type()).isPresent());
    }
    Map<String, Resource> byType =
        EnterpriseForma.generate(COUNT, 7).resources().stream()
            .collect(Collectors.toMap(Resource::type, Function.identity(), (a, b) -> a));
    assertThat(byType.keySet()).containsExactlyInAnyOrderElementsOf(types.types());
  }
}
