package dev.forja.actors;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.actors.bridge.BridgeActor;
import dev.forja.actors.testing.GeneratedForma;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.input.InputFormat;
import dev.forja.engine.metrics.EngineMetrics;
import dev.forja.engine.model.Forma;
import dev.forja.engine.plugin.PluginOperation;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.plugin.sim.SimPlugin;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What an engine reports to its {@link EngineMetrics} while it runs commands on the simulator. */
@ExtendWith(LogCapturingExtension.class)
class ForjaEngineMetricsTest {
  private static final Config FAST =
      ConfigFactory.parseString("forja.engine.status.check-interval = 10ms\nforja.store = memory")
          .withFallback(ConfigFactory.load());
  private static final Duration PATIENCE = Duration.ofMinutes(1);
  private static final int RESOURCES = 25;

  private final SimCloud cloud = SimCloud.inMemory(SimSettings.IDEAL);
  private final Recording metrics = new Recording();
  private ForjaEngine forja;

  /** Every report, kept for the assertions. */
  private static final class Recording implements EngineMetrics {
    record Call(
        String namespace, String type, PluginOperation op, Duration latency, Outcome outcome) {}

    record Ended(Operation op, UpdateState state) {}

    final Queue<Call> calls = new ConcurrentLinkedQueue<>();
    final Queue<Duration> persists = new ConcurrentLinkedQueue<>();
    final Queue<Operation> started = new ConcurrentLinkedQueue<>();
    final Queue<Ended> ended = new ConcurrentLinkedQueue<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final Map<String, Queue<CommandState>> states = new ConcurrentHashMap<>();

    @Override
    public void pluginCall(
        String namespace, String type, PluginOperation op, Duration latency, Outcome outcome) {
      calls.add(new Call(namespace, type, op, latency, outcome));
    }

    @Override
    public void persisted(Duration latency) {
      persists.add(latency);
    }

    @Override
    public void updateStarted(Operation op) {
      inFlight.incrementAndGet();
      started.add(op);
    }

    @Override
    public void updateEnded(Operation op, UpdateState finalState) {
      inFlight.decrementAndGet();
      ended.add(new Ended(op, finalState));
    }

    @Override
    public void commandState(String commandId, CommandState state) {
      states.computeIfAbsent(commandId, id -> new ConcurrentLinkedQueue<>()).add(state);
    }

    List<Call> calls(PluginOperation op) {
      return calls.stream().filter(c -> c.op() == op).toList();
    }
  }

  @BeforeEach
  void start() {
    forja =
        ForjaEngine.builder()
            .config(FAST)
            .plugins(PluginRegistry.of(List.of(new SimPlugin(cloud))))
            .metrics(metrics)
            .start();
  }

  @AfterEach
  void close() {
    forja.close();
  }

  private static <T> T join(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
  }

  /** Waits until {@code check} passes, failing with its last error after {@link #PATIENCE}. */
  private static void eventually(Runnable check) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      try {
        check.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(10);
      }
    }
  }

  private String run(CompletionStage<BridgeActor.SubmitReply> submitted) throws Exception {
    BridgeActor.SubmitReply reply = join(submitted);
    assertThat(reply).isInstanceOf(BridgeActor.Accepted.class);
    String id = ((BridgeActor.Accepted) reply).commandId();
    FormaCommand ended = join(forja.awaitEnd(id));
    assertThat(ended.state()).isEqualTo(CommandState.SUCCESS);
    return id;
  }

  @Test
  void reportsOnePluginCallPerOperationTheUpdatesInFlightAndTheCommandsStates() throws Exception {
    Forma forma = forja.read(GeneratedForma.json(RESOURCES, 7), InputFormat.JSON);

    String applied = run(forja.apply(forma, PlanMode.RECONCILE));

    assertThat(metrics.calls(PluginOperation.CREATE)).hasSize(RESOURCES);
    assertThat(metrics.calls(PluginOperation.CREATE))
        .allSatisfy(
            c -> {
              assertThat(c.namespace()).isEqualTo("SIM");
              assertThat(c.type()).isNotBlank();
              assertThat(c.latency()).isPositive();
              assertThat(c.outcome())
                  .isIn(EngineMetrics.Outcome.SUCCESS, EngineMetrics.Outcome.IN_PROGRESS);
            });
    assertThat(metrics.calls(PluginOperation.DELETE)).isEmpty();
    // A create the simulator answers in progress ends with a status poll: one success each.
    assertThat(metrics.calls)
        .filteredOn(c -> c.outcome() == EngineMetrics.Outcome.SUCCESS)
        .hasSize(RESOURCES)
        .extracting(Recording.Call::op)
        .containsAnyOf(PluginOperation.CREATE, PluginOperation.STATUS);
    assertThat(metrics.started).hasSize(RESOURCES).containsOnly(Operation.CREATE);
    // An updater stops just after it reports its end, so its stop may trail the command's.
    eventually(
        () ->
            assertThat(metrics.ended)
                .hasSize(RESOURCES)
                .containsOnly(new Recording.Ended(Operation.CREATE, UpdateState.SUCCESS)));
    assertThat(metrics.inFlight).hasValue(0);
    // The accept, each update's attempt, token and end, and the command's end: all journaled.
    assertThat(metrics.persists).hasSizeGreaterThanOrEqualTo(2 * RESOURCES + 2);
    assertThat(metrics.persists).allSatisfy(latency -> assertThat(latency).isPositive());
    assertThat(metrics.states.get(applied))
        .containsExactly(CommandState.NOT_STARTED, CommandState.IN_PROGRESS, CommandState.SUCCESS);

    run(forja.destroy(forma, OnDependents.ABORT));

    assertThat(metrics.calls(PluginOperation.CREATE)).hasSize(RESOURCES);
    assertThat(metrics.calls(PluginOperation.DELETE)).hasSize(RESOURCES);
    eventually(
        () ->
            assertThat(metrics.ended)
                .filteredOn(e -> e.op() == Operation.DELETE)
                .hasSize(RESOURCES)
                .containsOnly(new Recording.Ended(Operation.DELETE, UpdateState.SUCCESS)));
    assertThat(metrics.inFlight).hasValue(0);
  }
}
