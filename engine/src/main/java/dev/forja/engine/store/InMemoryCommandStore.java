package dev.forja.engine.store;

import dev.forja.engine.command.FormaCommand;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The command read model held in memory, for tests and for an engine embedded without a database.
 * Thread-safe: each command is replaced atomically, and {@link #recent} sorts a weakly consistent
 * view, which holds every command put before the call began.
 */
public final class InMemoryCommandStore implements CommandStore {

  /** Newest first: latest start, then (KSUIDs sort by time) the greater id; no start time last. */
  private static final Comparator<FormaCommand> NEWEST_FIRST =
      Comparator.comparing(
              FormaCommand::startTs, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
          .thenComparing(FormaCommand::id)
          .reversed();

  private final Map<String, FormaCommand> byId = new ConcurrentHashMap<>();

  @Override
  public void put(FormaCommand command) {
    byId.put(command.id(), command);
  }

  @Override
  public Optional<FormaCommand> find(String commandId) {
    return Optional.ofNullable(byId.get(commandId));
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when {@code limit} is negative
   */
  @Override
  public List<FormaCommand> recent(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be at least 0, got " + limit);
    }
    return byId.values().stream().sorted(NEWEST_FIRST).limit(limit).toList();
  }
}
