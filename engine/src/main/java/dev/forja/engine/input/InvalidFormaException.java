package dev.forja.engine.input;

import java.util.List;
import java.util.stream.Collectors;

/** A forma that cannot be used, with every problem found in it. */
public final class InvalidFormaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public InvalidFormaException(List<Problem> problems) {
    super(
        problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + " in the forma:\n"
            + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, in document order. */
  public List<Problem> problems() {
    return problems;
  }
}
