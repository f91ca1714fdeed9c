package dev.forja.loadtest.persist;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.actors.command.GraphEdge;
import dev.forja.engine.command.CommandKind;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.model.ResolvedRef;
import dev.forja.engine.model.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * An accepted apply of {@code n} creates, shaped like what the planner hands the persister: Lambda
 * functions of about ten properties each (one a {@code $ref} to an earlier function's role), a
 * dependency graph of {@code n - 1} edges, and one target. Also the cloud's properties each create
 * ends with, built here so that the timed phase only records them.
 *
 * @param command the command, every update NotStarted
 * @param edges node {@code i} waits on node {@code (i - 1) / 10}, a tree ten wide
 * @param targets the one target the updates run on
 * @param finished the properties each update's RecordFinished carries, by update index
 */
record GeneratedCommand(
    FormaCommand command, List<GraphEdge> edges, List<Target> targets, List<ObjectNode> finished) {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String TARGET = "us-east-1";

  /** A command of {@code n} creates with id {@code commandId} and KSUIDs from {@code ksuids}. */
  static GeneratedCommand of(String commandId, int n, Supplier<String> ksuids, Instant now) {
    List<ResourceUpdate> updates = new ArrayList<>(n);
    List<ObjectNode> finished = new ArrayList<>(n);
    List<GraphEdge> edges = new ArrayList<>(Math.max(0, n - 1));
    for (int i = 0; i < n; i++) {
      String ksuid = ksuids.get();
      String label = String.format(Locale.ROOT, "fn-%05d", i);
      String roleOf = i == 0 ? ksuid : updates.get((i - 1) / 10).ksuid();
      ObjectNode desired = desired(label, roleOf, i);
      updates.add(
          ResourceUpdate.planned(
              ksuid,
              "app-" + (i / 300),
              label,
              "AWS::Lambda::Function",
              TARGET,
              Operation.CREATE,
              desired,
              null,
              null,
              false));
      finished.add(cloudProperties(desired, label));
      if (i > 0) {
        edges.add(new GraphEdge(i, (i - 1) / 10));
      }
    }
    FormaCommand command =
        new FormaCommand(
            commandId,
            CommandKind.APPLY,
            PlanMode.RECONCILE,
            OnDependents.ABORT,
            CommandState.NOT_STARTED,
            now,
            null,
            updates);
    ObjectNode config = JSON.objectNode().put("Region", TARGET);
    return new GeneratedCommand(
        command, edges, List.of(new Target(TARGET, "AWS", config, false)), finished);
  }

  private static ObjectNode desired(String label, String roleOf, int i) {
    ObjectNode d = JSON.objectNode();
    d.put("FunctionName", "svc-" + label + "-handler");
    d.put("Runtime", "java17");
    d.put("Handler", "dev.example.orders.Handler::handleRequest");
    d.put("MemorySize", 512 + 128 * (i % 4));
    d.put("Timeout", 30);
    d.put("Description", "Handles order events for service " + label);
    d.set("Role", JSON.objectNode().put(ResolvedRef.MARKER, "forja://" + roleOf + "#/Arn"));
    d.set(
        "Environment",
        JSON.objectNode()
            .set(
                "Variables",
                JSON.objectNode().put("LOG_LEVEL", "info").put("TABLE", "orders-" + label)));
    ArrayNode tags = d.putArray("Tags");
    tags.addObject().put("Key", "team").put("Value", "orders");
    tags.addObject().put("Key", "cost-center").put("Value", "cc-" + (i % 17));
    d.set("TracingConfig", JSON.objectNode().put("Mode", "Active"));
    return d;
  }

  /** The desired properties with the role resolved, plus what the cloud adds (read-only). */
  private static ObjectNode cloudProperties(ObjectNode desired, String label) {
    ObjectNode p = desired.deepCopy();
    p.put("Role", "arn:aws:iam::123456789012:role/svc-" + label);
    p.put("Arn", "arn:aws:lambda:us-east-1:123456789012:function:svc-" + label + "-handler");
    p.put("LastModified", "2026-01-01T00:00:00.000+0000");
    p.put("CodeSha256", "3q2+7w==" + label);
    return p;
  }
}
