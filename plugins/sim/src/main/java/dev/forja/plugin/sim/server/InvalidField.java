package dev.forja.plugin.sim.server;

/**
 * A request field that is missing or of the wrong shape. Each face reports it its own way: the
 * Cloud Control face as AWS's {@code ValidationException}, the control API as a 400 problem.
 */
final class InvalidField extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String field;

  InvalidField(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /** The field's wire name, such as {@code TypeName}. */
  String field() {
    return field;
  }
}
