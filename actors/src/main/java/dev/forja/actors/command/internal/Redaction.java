package dev.forja.actors.command.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.OpaqueValue;
import dev.forja.engine.model.Target;
import java.util.function.UnaryOperator;

/**
 * Copies of commands and updates with every opaque value redacted (or digested): what leaves the
 * persister for the read model, status answers and progress subscribers. Only the executor gets
 * clear values.
 */
public final class Redaction {
  private Redaction() {}

  /** {@code command} with every update {@link #update redacted}. */
  public static FormaCommand command(FormaCommand command) {
    return map(command, OpaqueValue::redactAll);
  }

  /** {@code update} with its desired state, prior state and patch redacted. */
  public static ResourceUpdate update(ResourceUpdate u) {
    return map(u, OpaqueValue::redactAll);
  }

  /**
   * {@code command} with every opaque value of its updates reduced to a salted digest: what an
   * ended command's snapshot keeps (nothing in the stores holds a secret in clear once its command
   * has ended).
   */
  public static FormaCommand digested(FormaCommand command) {
    return map(command, OpaqueValue::digestAll);
  }

  /** {@code target} with every opaque value of its config reduced to a salted digest. */
  public static Target digested(Target target) {
    return new Target(
        target.label(),
        target.namespace(),
        (ObjectNode) OpaqueValue.digestAll(target.config()),
        target.discoverable());
  }

  private static FormaCommand map(FormaCommand command, UnaryOperator<JsonNode> f) {
    return new FormaCommand(
        command.id(),
        command.kind(),
        command.mode(),
        command.onDependents(),
        command.state(),
        command.startTs(),
        command.endTs(),
        command.updates().stream().map(u -> map(u, f)).toList());
  }

  private static ResourceUpdate map(ResourceUpdate u, UnaryOperator<JsonNode> f) {
    return new ResourceUpdate(
        u.ksuid(),
        u.stack(),
        u.label(),
        u.type(),
        u.target(),
        u.operation(),
        u.state(),
        (ObjectNode) f.apply(u.desired()),
        prior(u.prior(), f),
        (ArrayNode) f.apply(u.patch()),
        u.cascade(),
        u.attempts(),
        u.nativeId(),
        u.errorCode(),
        u.message());
  }

  private static InventoryResource prior(InventoryResource p, UnaryOperator<JsonNode> f) {
    return p == null ? null : p.mapProperties(f);
  }
}
