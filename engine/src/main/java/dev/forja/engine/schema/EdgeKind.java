package dev.forja.engine.schema;

/**
 * Why one resource depends on another beyond a property reference. Either way the dependent is
 * created after and deleted before what it depends on; the kind says why, for messages and for the
 * cascades of destroy.
 */
public enum EdgeKind {
  /** Containment: a record set lives in a hosted zone. */
  PARENT,
  /**
   * An attachment that must go before the thing it attaches: an instance profile before its role, a
   * policy attachment before its policy, a gateway attachment before its gateway.
   */
  ATTACHES_TO
}
