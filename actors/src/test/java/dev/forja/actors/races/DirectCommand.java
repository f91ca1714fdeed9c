package dev.forja.actors.races;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.actors.changeset.ChangesetExecutor;
import dev.forja.actors.changeset.RateLimiter;
import dev.forja.actors.command.CommandProgress;
import dev.forja.actors.command.FormaCommandPersister;
import dev.forja.actors.command.GraphEdge;
import dev.forja.actors.resource.ResourcePersister;
import dev.forja.engine.command.CommandKind;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.model.Forma;
import dev.forja.engine.plan.Changeset;
import dev.forja.engine.plan.DependencyGraph;
import dev.forja.engine.plan.Planner;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * A command accepted by a persister the test spawned itself, as the bridge would have accepted it:
 * planned against the inventory, every update NotStarted, its graph's edges and targets recorded.
 * For stories that drive the persister or the executor directly.
 *
 * @param id the command id
 * @param command the command as accepted
 * @param persister its persister
 * @param progress what the persister publishes
 */
record DirectCommand(
    String id,
    FormaCommand command,
    ActorRef<FormaCommandPersister.Command> persister,
    TestProbe<CommandProgress> progress) {

  /** Plans {@code formaJson} and has a new persister accept it. */
  static DirectCommand accept(EngineHarness h, String formaJson) {
    Forma forma = h.forma(formaJson);
    Changeset plan =
        new Planner(h.context.plugins().schemas(), h.context.ksuids())
            .plan(forma, h.inventory.snapshot(), PlanMode.RECONCILE, OnDependents.ABORT);
    String id = h.context.ksuids().get();
    FormaCommand command =
        new FormaCommand(
            id,
            CommandKind.APPLY,
            PlanMode.RECONCILE,
            OnDependents.ABORT,
            CommandState.NOT_STARTED,
            h.context.clock().instant(),
            null,
            plan.updates());
    TestProbe<CommandProgress> progress = h.testKit.createTestProbe();
    ActorRef<FormaCommandPersister.Command> persister =
        h.testKit.spawn(FormaCommandPersister.create(id, h.context, progress.ref()));
    TestProbe<StatusReply<Done>> accepted = h.testKit.createTestProbe();
    persister.tell(
        new FormaCommandPersister.Accept(
            command, edges(plan.graph()), forma.targets(), accepted.ref()));
    assertThat(accepted.receiveMessage(EngineHarness.QUERY).isSuccess()).isTrue();
    h.inventory.putTargets(forma.targets());
    return new DirectCommand(id, command, persister, progress);
  }

  /** Spawns this command's executor, reporting its end to {@code ended}; it waits for Start. */
  ActorRef<ChangesetExecutor.Command> executor(
      EngineHarness h, ActorRef<ChangesetExecutor.Ended> ended) {
    ActorRef<ResourcePersister.Command> resources =
        h.testKit.spawn(ResourcePersister.create(h.inventory));
    ActorRef<RateLimiter.Command> limiter = h.testKit.spawn(RateLimiter.create(System::nanoTime));
    return h.testKit.spawn(
        ChangesetExecutor.create(
            id, h.context, new ChangesetExecutor.Peers(persister, resources, limiter, ended)));
  }

  /** The command as its persister holds it now. */
  FormaCommand now(EngineHarness h) {
    TestProbe<StatusReply<FormaCommand>> probe = h.testKit.createTestProbe();
    persister.tell(new FormaCommandPersister.GetCommand(probe.ref()));
    StatusReply<FormaCommand> reply = probe.receiveMessage(EngineHarness.QUERY);
    assertThat(reply.isSuccess()).as("GetCommand: %s", reply).isTrue();
    return reply.getValue();
  }

  /** The graph's edges, as the bridge persists them. */
  static List<GraphEdge> edges(DependencyGraph graph) {
    List<GraphEdge> edges = new ArrayList<>();
    for (DependencyGraph.Node n : graph.nodes()) {
      for (DependencyGraph.Node on : graph.dependenciesOf(n)) {
        edges.add(new GraphEdge(n.id(), on.id()));
      }
    }
    return edges;
  }
}
