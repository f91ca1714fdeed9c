package dev.forja.actors.resource.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.actors.resource.PluginOperator;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.OpaqueValue;
import dev.forja.engine.model.Target;
import dev.forja.engine.plan.PropertyDiff;
import dev.forja.engine.plugin.PluginOperation;
import dev.forja.engine.plugin.PluginRequests;
import dev.forja.engine.resolve.Resolution;
import dev.forja.engine.resolve.Resolver;
import dev.forja.engine.schema.ResourceTypeSchema;
import java.util.Map;

/**
 * What a ResourceUpdater sends and stores for one node, as pure functions: idempotency tokens,
 * plugin requests, and inventory rows.
 */
public final class NodeCalls {
  /** Cloud Control's limit on a client token's length. */
  public static final int MAX_TOKEN_LENGTH = 128;

  private NodeCalls() {}

  /**
   * The idempotency token of one attempt at a node: {@code <command>-<ksuid>-<op>-<attempt>},
   * within Cloud Control's {@code [-A-Za-z0-9]{1,128}}. Deterministic, so a resume can rebuild it,
   * and distinct per attempt, so a retry after a definite failure is a new request.
   */
  public static String clientToken(String commandId, String ksuid, Operation op, int attempt) {
    String token =
        (commandId + "-" + ksuid + "-" + op.wire() + "-" + attempt)
            .replaceAll("[^-A-Za-z0-9]", "-");
    // Ids are KSUIDs, far below the limit; should one not be, keep the distinguishing tail.
    return token.length() <= MAX_TOKEN_LENGTH
        ? token
        : token.substring(token.length() - MAX_TOKEN_LENGTH);
  }

  /** The plugin operation a node's operation calls. */
  public static PluginOperation pluginOperation(Operation nodeOperation) {
    return switch (nodeOperation) {
      case CREATE -> PluginOperation.CREATE;
      case UPDATE -> PluginOperation.UPDATE;
      case DELETE -> PluginOperation.DELETE;
      case READ -> PluginOperation.READ;
      case REPLACE ->
          throw new IllegalArgumentException("a replace runs as a DELETE node, then a CREATE node");
    };
  }

  /** The native id a DELETE or UPDATE node acts on: the stored row's. */
  public static String priorNativeId(ResourceUpdate update) {
    return update.prior() != null ? update.prior().nativeId() : update.nativeId();
  }

  /**
   * The mutating call of a node.
   *
   * @param resolution the desired properties resolved (null for a DELETE node)
   * @throws IllegalArgumentException when the patch holds a value that cannot be resolved
   */
  public static PluginOperator.Call mutation(
      ResourceUpdate update,
      Operation nodeOperation,
      Target target,
      Resolution resolution,
      ResourceTypeSchema schema,
      String clientToken) {
    String type = update.type();
    return switch (nodeOperation) {
      case CREATE ->
          new PluginOperator.Create(
              new PluginRequests.Create(
                  type, update.label(), resolution.forPlugin(), target, clientToken));
      case UPDATE ->
          new PluginOperator.Update(
              new PluginRequests.Update(
                  type,
                  priorNativeId(update),
                  (ObjectNode) OpaqueValue.redactAll(update.prior().properties()),
                  resolution.forPlugin(),
                  patch(update, resolution, schema),
                  target,
                  clientToken));
      case DELETE ->
          new PluginOperator.Delete(
              new PluginRequests.Delete(type, priorNativeId(update), target, clientToken));
      case REPLACE, READ ->
          throw new IllegalArgumentException(nodeOperation + " is not a mutating node");
    };
  }

  /**
   * The patch from the stored row to the resolved desired state, both with references inlined to
   * their values. Not the planned patch: the planner compares references by what they name, so a
   * dependent re-planned because its producer was replaced has an empty planned patch, while the
   * value it must send (the new producer's id or ARN) is only known now. Opaque values are compared
   * by digest, then unwrapped for the plugin.
   */
  private static ArrayNode patch(
      ResourceUpdate update, Resolution resolution, ResourceTypeSchema schema) {
    ArrayNode diff =
        PropertyDiff.diff(
            Resolver.inlineRefValues(update.prior().properties()),
            Resolver.inlineRefValues(resolution.forStore()),
            schema);
    return Resolver.resolvePatch(diff, Map.of());
  }

  /** A plain read of the resource {@code nativeId}. */
  public static PluginOperator.Call read(ResourceUpdate update, String nativeId, Target target) {
    return new PluginOperator.Read(new PluginRequests.Read(update.type(), nativeId, target));
  }

  /**
   * What the cloud adds to the desired properties: every top-level property of {@code cloud} that
   * {@code desired} does not set ({@code Arn}, {@code Id}, provider defaults).
   */
  public static ObjectNode readOnly(ObjectNode cloud, ObjectNode desired) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (cloud == null) {
      return out;
    }
    for (Map.Entry<String, JsonNode> e : cloud.properties()) {
      if (desired == null || !desired.has(e.getKey())) {
        out.set(e.getKey(), e.getValue().deepCopy());
      }
    }
    return out;
  }

  /** A resource's values for references to it: its properties overlaid with its read-only ones. */
  public static ObjectNode values(ObjectNode properties, ObjectNode readOnly) {
    ObjectNode out = properties.deepCopy();
    out.setAll(readOnly.deepCopy());
    return out;
  }

  /** The managed inventory row of {@code update} after its node succeeded. */
  public static InventoryResource row(
      ResourceUpdate update, String nativeId, ObjectNode properties, ObjectNode readOnly) {
    return new InventoryResource(
        update.ksuid(),
        update.stack(),
        update.label(),
        update.type(),
        update.target(),
        nativeId,
        true,
        properties,
        readOnly);
  }
}
