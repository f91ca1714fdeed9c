package dev.forja.engine.plan;

import dev.forja.engine.model.ResourceKey;
import java.util.List;

/** A forma that cannot be planned against the inventory, with every reason and resource named. */
public final class PlanException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why planning failed; the API maps each to its status. */
  public enum Reason {
    /** The forma is invalid against the inventory (400). */
    INVALID,
    /** The updates' dependencies form a cycle (400). */
    CYCLE,
    /** A delete would leave managed dependents outside it, and OnDependents is abort (409). */
    DEPENDENTS
  }

  private final Reason reason;
  private final transient List<String> problems;
  private final transient List<ResourceKey> resources;

  public PlanException(Reason reason, List<String> problems, List<ResourceKey> resources) {
    super(String.join("\n", problems));
    this.reason = reason;
    this.problems = List.copyOf(problems);
    this.resources = List.copyOf(resources);
  }

  /** Why planning failed. */
  public Reason reason() {
    return reason;
  }

  /** One message per problem. */
  public List<String> problems() {
    return problems;
  }

  /** The resources involved. */
  public List<ResourceKey> resources() {
    return resources;
  }
}
