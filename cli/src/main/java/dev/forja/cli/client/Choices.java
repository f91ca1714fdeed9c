package dev.forja.cli.client;

import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.PlanMode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converters for the verbs' fixed choices: a wrong value is a usage error (exit 2) naming them. */
final class Choices {
  private Choices() {}

  /** {@code --mode}: reconcile or patch. */
  static final class ApplyMode implements ITypeConverter<PlanMode> {
    @Override
    public PlanMode convert(String value) {
      for (PlanMode m : new PlanMode[] {PlanMode.RECONCILE, PlanMode.PATCH}) {
        if (m.wire().equalsIgnoreCase(value.strip())) {
          return m;
        }
      }
      throw new TypeConversionException(
          "expected reconcile or patch but was '" + value + "' (to delete, use forja destroy)");
    }
  }

  /** {@code --on-dependents}: abort or cascade. */
  static final class Dependents implements ITypeConverter<OnDependents> {
    @Override
    public OnDependents convert(String value) {
      try {
        return OnDependents.parse(value.strip());
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("expected abort or cascade but was '" + value + "'");
      }
    }
  }
}
