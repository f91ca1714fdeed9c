package dev.forja.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.command.CommandKind;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.OpaqueValue;
import dev.forja.engine.model.ResolvedRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link CommandStore} contract, written once and run against every store: in memory here,
 * SQLite and PostgreSQL in the persistence module (through this module's test-jar).
 *
 * <p>Each test gets a store from {@link #newStore()} and uses fresh command ids. Timestamps have
 * millisecond precision, which every database keeps.
 */
public abstract class CommandStoreContract {
  protected static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  protected static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123Z");

  /** A new, empty store; a database-backed one may share its database if it empties it first. */
  protected abstract CommandStore newStore();

  private CommandStore store;
  private String run;

  @BeforeEach
  void openStore() {
    store = newStore();
    run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** A fresh command id that sorts after {@code order}'s smaller values within this test. */
  protected String commandId(int order) {
    return String.format("%s%05d", run, order);
  }

  /** A command in {@code state} with a create, an update and a failed delete. */
  protected static FormaCommand command(String id, CommandState state, Instant start) {
    ObjectNode desired = NODES.objectNode().put("Name", "bucket");
    desired.set("Key", new ResolvedRef("2kms", "/Arn", NODES.textNode("arn:kms")).toJson());
    desired.set("Secret", OpaqueValue.redacted());
    InventoryResource prior =
        new InventoryResource(
            "2old", "app", "old", "AWS::S3::Bucket", "local", "old-id", true, null, null);
    ArrayNode patch = NODES.arrayNode();
    patch.addObject().put("op", "replace").put("path", "/Name").put("value", "bucket");
    List<ResourceUpdate> updates =
        List.of(
            ResourceUpdate.planned(
                "2new",
                "app",
                "bucket",
                "AWS::S3::Bucket",
                "local",
                Operation.CREATE,
                desired,
                null,
                null,
                false),
            ResourceUpdate.planned(
                "2upd",
                "app",
                "queue",
                "AWS::SQS::Queue",
                "local",
                Operation.UPDATE,
                desired,
                prior,
                patch,
                false),
            ResourceUpdate.planned(
                    "2old",
                    "app",
                    "old",
                    "AWS::S3::Bucket",
                    "local",
                    Operation.DELETE,
                    null,
                    prior,
                    null,
                    true)
                .failed("NotFound", "gone"));
    boolean ended = state == CommandState.SUCCESS || state == CommandState.FAILED;
    return new FormaCommand(
        id,
        CommandKind.APPLY,
        PlanMode.RECONCILE,
        OnDependents.CASCADE,
        state,
        start,
        ended ? start.plusSeconds(90) : null,
        updates);
  }

  @Test
  void storesACommandWholeAndFindsItById() {
    FormaCommand c = command(commandId(1), CommandState.FAILED, T0);

    store.put(c);

    FormaCommand back = store.find(c.id()).orElseThrow();
    assertThat(back).isEqualTo(c);
    assertThat(back.updates().get(2).state()).isEqualTo(UpdateState.FAILED);
    assertThat(back.endTs()).isEqualTo(T0.plusSeconds(90));
    assertThat(store.find(commandId(2))).isEmpty();
  }

  @Test
  void replacesTheCommandWithTheSameId() {
    String id = commandId(1);
    store.put(command(id, CommandState.IN_PROGRESS, T0));
    FormaCommand done = command(id, CommandState.SUCCESS, T0);

    store.put(done);

    assertThat(store.find(id)).contains(done);
    assertThat(store.recent(10)).containsExactly(done);
  }

  @Test
  void listsTheMostRecentFirstByStartTimeThenId() {
    FormaCommand oldest = command(commandId(9), CommandState.SUCCESS, T0);
    FormaCommand tieLow = command(commandId(1), CommandState.SUCCESS, T0.plusSeconds(60));
    FormaCommand tieHigh = command(commandId(2), CommandState.FAILED, T0.plusSeconds(60));
    FormaCommand newest = command(commandId(3), CommandState.IN_PROGRESS, T0.plusSeconds(120));
    List.of(tieLow, newest, oldest, tieHigh).forEach(store::put);

    assertThat(store.recent(10)).containsExactly(newest, tieHigh, tieLow, oldest);
    assertThat(store.recent(2)).containsExactly(newest, tieHigh);
    assertThat(store.recent(0)).isEmpty();
  }

  @Test
  void refusesANegativeLimit() {
    assertThatThrownBy(() -> store.recent(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentWritersLoseNoCommand() throws Exception {
    int writers = 4;
    int commandsEach = 25;
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int first = w * commandsEach;
      tasks.add(
          () -> {
            for (int i = first; i < first + commandsEach; i++) {
              String id = commandId(i);
              store.put(command(id, CommandState.IN_PROGRESS, T0.plusSeconds(i)));
              store.put(command(id, CommandState.SUCCESS, T0.plusSeconds(i)));
              store.recent(5);
            }
            return null;
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      for (Future<Void> f : pool.invokeAll(tasks)) {
        f.get();
      }
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    List<FormaCommand> all = store.recent(writers * commandsEach + 1);
    assertThat(all).hasSize(writers * commandsEach);
    assertThat(all).allMatch(c -> c.state() == CommandState.SUCCESS);
    assertThat(all.get(0).id()).isEqualTo(commandId(writers * commandsEach - 1));
  }
}
