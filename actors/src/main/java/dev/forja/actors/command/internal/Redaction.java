package dev.forja.actors.command.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.OpaqueValue;

/**
 * Copies of commands and updates with every opaque value redacted: what leaves the persister for
 * the read model, status answers and progress subscribers. Only the executor gets clear values.
 */
public final class Redaction {
  private Redaction() {}

  /** {@code command} with every update {@link #update redacted}. */
  public static FormaCommand command(FormaCommand command) {
    return new FormaCommand(
        command.id(),
        command.kind(),
        command.mode(),
        command.onDependents(),
        command.state(),
        command.startTs(),
        command.endTs(),
        command.updates().stream().map(Redaction::update).toList());
  }

  /** {@code update} with its desired state, prior state and patch redacted. */
  public static ResourceUpdate update(ResourceUpdate u) {
    return new ResourceUpdate(
        u.ksuid(),
        u.stack(),
        u.label(),
        u.type(),
        u.target(),
        u.operation(),
        u.state(),
        (ObjectNode) OpaqueValue.redactAll(u.desired()),
        prior(u.prior()),
        (ArrayNode) OpaqueValue.redactAll(u.patch()),
        u.cascade(),
        u.attempts(),
        u.nativeId(),
        u.errorCode(),
        u.message());
  }

  private static InventoryResource prior(InventoryResource p) {
    if (p == null) {
      return null;
    }
    return new InventoryResource(
        p.ksuid(),
        p.stack(),
        p.label(),
        p.type(),
        p.target(),
        p.nativeId(),
        p.managed(),
        (ObjectNode) OpaqueValue.redactAll(p.properties()),
        (ObjectNode) OpaqueValue.redactAll(p.readOnlyProperties()));
  }
}
