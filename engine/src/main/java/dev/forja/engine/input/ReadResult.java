package dev.forja.engine.input;

import dev.forja.engine.model.Forma;
import java.util.List;

/**
 * What reading a forma gave: the forma, when its structure allowed building one, and every problem.
 *
 * @param forma the forma, or null when the input could not be mapped at all
 * @param problems every problem found, empty when the forma is valid
 */
public record ReadResult(Forma forma, List<Problem> problems) {
  public ReadResult {
    problems = List.copyOf(problems);
  }

  /** Whether the forma is valid. */
  public boolean ok() {
    return forma != null && problems.isEmpty();
  }

  /** The forma; throws with every problem when it is not valid. */
  public Forma orThrow() {
    if (!ok()) {
      throw new InvalidFormaException(problems);
    }
    return forma;
  }
}
