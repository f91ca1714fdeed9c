package dev.forja.engine.schema;

/**
 * What a plugin says about one top-level property of a type.
 *
 * @param createOnly a change means replace (delete, then create)
 * @param writeOnly never read back from the cloud
 * @param opaque a secret; shown redacted
 * @param hasProviderDefault absent in the forma is not drift: the cloud fills it
 * @param updateMethod how patch mode merges it
 * @param indexField the key of an {@link UpdateMethod#ENTITY_SET}'s entities, else null
 */
public record FieldHint(
    boolean createOnly,
    boolean writeOnly,
    boolean opaque,
    boolean hasProviderDefault,
    UpdateMethod updateMethod,
    String indexField) {
  public static final FieldHint DEFAULT =
      new FieldHint(false, false, false, false, UpdateMethod.ATOMIC, null);

  public FieldHint {
    updateMethod = updateMethod == null ? UpdateMethod.ATOMIC : updateMethod;
    if (updateMethod == UpdateMethod.ENTITY_SET && (indexField == null || indexField.isEmpty())) {
      throw new IllegalArgumentException("an EntitySet field needs an index field");
    }
  }

  /** A hint for a CreateOnly field. */
  public static FieldHint createOnlyField() {
    return new FieldHint(true, false, false, false, UpdateMethod.ATOMIC, null);
  }

  /** A hint for a field the cloud fills when the forma leaves it out. */
  public static FieldHint providerDefault() {
    return new FieldHint(false, false, false, true, UpdateMethod.ATOMIC, null);
  }

  /** A hint for a collection merged with {@code method}, entities keyed by {@code indexField}. */
  public static FieldHint collection(UpdateMethod method, String indexField) {
    return new FieldHint(false, false, false, false, method, indexField);
  }
}
