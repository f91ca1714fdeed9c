package dev.forja.cli.client.progress;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import java.util.Locale;
import java.util.Objects;

/**
 * One resource update as progress shows it: no desired state, no patch, nothing secret.
 *
 * @param ksuid the resource's identity, which tells updates apart
 * @param stack the stack label
 * @param label the resource label
 * @param type the cloud type
 * @param operation what the update does
 * @param state how far it got
 * @param attempts plugin attempts so far
 * @param errorCode the failure's code, or null
 * @param message the failure's message, or null
 */
public record UpdateView(
    String ksuid,
    String stack,
    String label,
    String type,
    Operation operation,
    UpdateState state,
    int attempts,
    String errorCode,
    String message) {
  public UpdateView {
    Objects.requireNonNull(ksuid, "ksuid");
    Objects.requireNonNull(state, "state");
  }

  /** The view of an engine-side update, as {@code ForjaEngine.subscribe} delivers it. */
  public static UpdateView of(ResourceUpdate u) {
    return new UpdateView(
        u.ksuid(),
        u.stack(),
        u.label(),
        u.type(),
        u.operation(),
        u.state(),
        u.attempts(),
        u.errorCode(),
        u.message());
  }

  /** The view of an update object of the API (status and progress events). */
  public static UpdateView fromJson(JsonNode u) {
    String op = text(u, "Operation");
    return new UpdateView(
        text(u, "Ksuid"),
        text(u, "Stack"),
        text(u, "Label"),
        text(u, "Type"),
        op == null ? null : Operation.valueOf(op.toUpperCase(Locale.ROOT)),
        UpdateState.fromWire(text(u, "State")),
        u.path("Attempts").asInt(0),
        text(u, "ErrorCode"),
        text(u, "Message"));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** {@code stack/label}, how users name a resource. */
  public String key() {
    return stack + "/" + label;
  }

  /** Whether the update has ended Failed or Rejected. */
  public boolean failed() {
    return state == UpdateState.FAILED || state == UpdateState.REJECTED;
  }

  /** {@code Code: message}, or whichever of the two there is; "" when neither. */
  public String why() {
    if (errorCode == null) {
      return message == null ? "" : message;
    }
    return message == null ? errorCode : errorCode + ": " + message;
  }
}
