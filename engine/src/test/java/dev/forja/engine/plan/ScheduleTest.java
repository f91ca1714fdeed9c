package dev.forja.engine.plan;

import static dev.forja.engine.testing.Formas.forma;
import static dev.forja.engine.testing.Formas.props;
import static dev.forja.engine.testing.Formas.ref;
import static dev.forja.engine.testing.TestSchemas.BUCKET;
import static dev.forja.engine.testing.TestSchemas.VPC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.Ksuid;
import dev.forja.engine.plan.DependencyGraph.Node;
import dev.forja.engine.testing.TestSchemas;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  private final Planner planner = new Planner(TestSchemas.registry(), Ksuid.generator());

  /** a ← b ← c (each waits for the one before), and d, alone. */
  private Changeset chainAndLoner() {
    Forma f =
        forma()
            .resource("a", BUCKET, props())
            .resource("b", BUCKET, props("X", ref("a", "Arn")))
            .resource("c", BUCKET, props("X", ref("b", "Arn")))
            .resource("d", BUCKET, props())
            .build();
    return planner.plan(f, InMemoryInventory.empty(), PlanMode.RECONCILE, OnDependents.ABORT);
  }

  private static List<String> labels(Changeset c, List<Node> nodes) {
    return nodes.stream().map(n -> c.graph().update(n).label()).toList();
  }

  @Test
  void onlyNodesWithNothingToWaitForAreReadyAtFirst() {
    Changeset c = chainAndLoner();
    Schedule s = c.graph().schedule();
    assertThat(labels(c, s.takeReady())).containsExactly("a", "d");
    assertThat(s.takeReady()).isEmpty();
  }

  @Test
  void aSuccessReadiesExactlyTheNodesThatWaitedOnlyForIt() {
    Changeset c = chainAndLoner();
    Schedule s = c.graph().schedule();
    List<Node> first = s.takeReady();
    s.succeeded(first.get(0));
    assertThat(labels(c, s.takeReady())).containsExactly("b");
  }

  @Test
  void aFailureFailsEveryTransitiveDependentAndLeavesIndependentWorkAlone() {
    Changeset c = chainAndLoner();
    Schedule s = c.graph().schedule();
    List<Node> first = s.takeReady();
    List<Node> failed = s.failed(first.get(0));
    assertThat(labels(c, failed)).containsExactlyInAnyOrder("b", "c");
    assertThat(s.isDone()).isFalse();
    s.succeeded(first.get(1));
    assertThat(s.takeReady()).isEmpty();
    assertThat(s.isDone()).isTrue();
  }

  @Test
  void takeHonoursTheInFlightLimit() {
    Changeset c = chainAndLoner();
    Schedule s = c.graph().schedule();
    assertThat(s.take(1)).hasSize(1);
    assertThat(s.readyCount()).isEqualTo(1);
    assertThat(s.take(5)).hasSize(1);
  }

  @Test
  void cancelEndsEveryNodeNotStartedAndLetsStartedOnesFinish() {
    Changeset c = chainAndLoner();
    Schedule s = c.graph().schedule();
    Node a = s.take(1).get(0);
    assertThat(labels(c, s.cancelNotStarted())).containsExactlyInAnyOrder("b", "c", "d");
    assertThat(s.isDone()).isFalse();
    s.succeeded(a);
    assertThat(s.takeReady()).isEmpty();
    assertThat(s.isDone()).isTrue();
  }

  @Test
  void aNodeMustBeStartedBeforeItCanEnd() {
    Changeset c = chainAndLoner();
    Schedule s = c.graph().schedule();
    Node waiting = c.graph().nodes().get(2);
    assertThatThrownBy(() -> s.succeeded(waiting)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFailedReplaceDeleteFailsItsCreate() {
    InventoryResource vpc =
        new InventoryResource(
            "K1", "net", "vpc", VPC, "aws", "vpc-1", true, props("CidrBlock", "10.0.0.0/16"), null);
    Forma f = forma().resource("vpc", VPC, props("CidrBlock", "10.1.0.0/16")).build();
    Changeset c =
        planner.plan(f, InMemoryInventory.of(List.of(vpc)), PlanMode.RECONCILE, OnDependents.ABORT);
    assertThat(c.graph().nodes())
        .extracting(Node::operation)
        .containsExactly(Operation.DELETE, Operation.CREATE);
    Schedule s = c.graph().schedule();
    Node delete = s.takeReady().get(0);
    assertThat(s.failed(delete)).extracting(Node::operation).containsExactly(Operation.CREATE);
    assertThat(s.isDone()).isTrue();
  }
}
