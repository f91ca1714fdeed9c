package dev.forja.engine.schema;

/** How a patch-mode apply merges a property into the stored value. */
public enum UpdateMethod {
  /** The desired value replaces the stored one whole (objects still merge field by field). */
  ATOMIC,
  /** An unordered collection: desired elements are added to the stored ones. */
  SET,
  /** A collection of objects keyed by {@link FieldHint#indexField()}: entities merge by key. */
  ENTITY_SET,
  /** An ordered list: desired elements replace stored ones index by index. */
  ARRAY
}
