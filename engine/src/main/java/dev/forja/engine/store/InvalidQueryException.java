package dev.forja.engine.store;

/** An inventory query that cannot be parsed; the message names the term and the known fields. */
public final class InvalidQueryException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The offending term as the user wrote it. */
  private final String term;

  InvalidQueryException(String term, String why) {
    super(
        "invalid inventory query term '"
            + term
            + "': "
            + why
            + "; known fields: "
            + InventoryQuery.Field.names());
    this.term = term;
  }

  /** The offending term as the user wrote it. */
  public String term() {
    return term;
  }
}
