package dev.forja.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import org.junit.jupiter.api.Test;

class InMemoryCommandStoreTest extends CommandStoreContract {

  @Override
  protected CommandStore newStore() {
    return new InMemoryCommandStore();
  }

  @Test
  void listsACommandWithoutAStartTimeAfterEveryTimedOne() {
    CommandStore store = newStore();
    FormaCommand untimed = command(commandId(9), CommandState.NOT_STARTED, null);
    FormaCommand timed = command(commandId(1), CommandState.IN_PROGRESS, T0);
    store.put(untimed);
    store.put(timed);

    assertThat(store.recent(5)).containsExactly(timed, untimed);
  }
}
