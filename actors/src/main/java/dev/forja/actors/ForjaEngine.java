package dev.forja.actors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.forja.actors.bridge.BridgeActor;
import dev.forja.actors.bridge.internal.Replies;
import dev.forja.actors.command.CommandProgress;
import dev.forja.actors.internal.ProgressRelay;
import dev.forja.engine.command.CommandKind;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.input.FormaReader;
import dev.forja.engine.input.InputFormat;
import dev.forja.engine.input.InvalidFormaException;
import dev.forja.engine.metrics.EngineMetrics;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.Ksuid;
import dev.forja.engine.model.Resource;
import dev.forja.engine.model.Stack;
import dev.forja.engine.model.Target;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.engine.settings.EngineSettings;
import dev.forja.engine.settings.InvalidSettingsException;
import dev.forja.engine.store.CommandStore;
import dev.forja.engine.store.InMemoryCommandStore;
import dev.forja.engine.store.InMemoryInventoryStore;
import dev.forja.engine.store.InventoryQuery;
import dev.forja.engine.store.InventoryStore;
import dev.forja.persistence.db.Database;
import dev.forja.persistence.db.Databases;
import dev.forja.persistence.db.StoreSettings;
import dev.forja.persistence.journal.JournalConfigs;
import dev.forja.persistence.store.JdbcCommandStore;
import dev.forja.persistence.store.JdbcInventoryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.pattern.StatusReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forja embedded in a JVM service: one engine, started from a {@link Config}, that applies and
 * destroys formas, reports on commands, cancels them, answers inventory queries and streams
 * progress. Every call but {@link #read} is asynchronous, bounded by the bridge ask timeout of
 * {@link EngineSettings} for the command's size. Close it to stop the engine.
 *
 * <pre>{@code
 * try (ForjaEngine forja = ForjaEngine.builder().plugins(plugins).start()) {
 *   Forma forma = forja.read(json, InputFormat.JSON);
 *   var reply = forja.apply(forma, PlanMode.RECONCILE).toCompletableFuture().join();
 *   if (reply instanceof BridgeActor.Accepted a) {
 *     FormaCommand done = forja.awaitEnd(a.commandId()).toCompletableFuture().join();
 *   }
 * }
 * }</pre>
 *
 * <p>Durability: {@code forja.store} chooses where commands, snapshots, the inventory and the
 * command read model live: {@code sqlite} (the default, the file {@code data/forja.db} in Forja's
 * home {@code ~/.forja}, created on first start; {@code forja.home} or {@code FORJA_HOME} moves
 * it), {@code postgres} ({@code forja.postgres.*}, or {@code FORJA_DB_URL}) or {@code memory}
 * (nothing survives the process; snapshots go to a temporary directory deleted on close). On a
 * durable store, commands that had not ended resume when the engine starts again. A journal named
 * in the configuration ({@code pekko.persistence.journal.plugin}) takes precedence.
 */
public final class ForjaEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ForjaEngine.class);

  /** Status reads in flight, by command id (see {@link #status}). */
  private final ConcurrentHashMap<String, CompletableFuture<Optional<FormaCommand>>> statusReads =
      new ConcurrentHashMap<>();

  /** How many commands' sizes {@link #sizeOf} remembers. */
  private static final int SIZES_KEPT = 1_024;

  /** Updates per command, by id, for the most recently asked commands (access order). */
  private final Map<String, Integer> sizes =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
          return size() > SIZES_KEPT;
        }
      };

  private static final String JOURNAL = "pekko.persistence.journal.plugin";
  private static final String SNAPSHOTS = "pekko.persistence.snapshot-store.plugin";

  private final ActorSystem<BridgeActor.Command> system;
  private final EngineContext context;
  private final Path snapshotDir;
  private final Database database;
  private final AtomicLong relays = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  private ForjaEngine(
      ActorSystem<BridgeActor.Command> system, EngineContext context, Path dir, Database database) {
    this.system = system;
    this.context = context;
    this.snapshotDir = dir;
    this.database = database;
  }

  /** A builder with every default: loaded config, class-path plugins, in-memory stores. */
  public static Builder builder() {
    return new Builder();
  }

  /** A subscription to a command's progress; closing it stops the deliveries. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /** The settings the engine runs with. */
  public EngineSettings settings() {
    return context.settings();
  }

  /** Where the engine reports its work, as {@link Builder#metrics} set it. */
  public EngineMetrics metrics() {
    return context.metrics();
  }

  /**
   * Reads and validates a forma in JSON or YAML, against the plugins' types and, for references to
   * resources outside it, the inventory. Throws {@link InvalidFormaException} naming every problem.
   */
  public Forma read(String text, InputFormat format) {
    return FormaReader.of(context.plugins().schemas(), context.inventory().snapshot().asLookup())
        .readString(text, format, "forma")
        .orThrow();
  }

  /** Applies {@code forma}: reconcile (its stacks become exactly it) or patch. */
  public CompletionStage<BridgeActor.SubmitReply> apply(Forma forma, PlanMode mode) {
    return submit(
        new BridgeActor.SubmitRequest(CommandKind.APPLY, mode, OnDependents.ABORT, false, forma));
  }

  /** Deletes the resources {@code forma} declares; {@code onDependents} decides about others. */
  public CompletionStage<BridgeActor.SubmitReply> destroy(Forma forma, OnDependents onDependents) {
    return submit(
        new BridgeActor.SubmitRequest(
            CommandKind.DESTROY, PlanMode.DESTROY, onDependents, false, forma));
  }

  /** Plans {@code request} without storing or running anything. */
  public CompletionStage<BridgeActor.SubmitReply> simulate(BridgeActor.SubmitRequest request) {
    return submit(
        new BridgeActor.SubmitRequest(
            request.kind(), request.mode(), request.onDependents(), true, request.forma()));
  }

  /** Submits {@code request} as it is. */
  public CompletionStage<BridgeActor.SubmitReply> submit(BridgeActor.SubmitRequest request) {
    int size = request.forma().resources().size();
    return ask(r -> new BridgeActor.Submit(request, r), size);
  }

  /**
   * The command with this id, live if it runs; empty if there is none. Concurrent reads of one
   * command share one ask: the command's persister builds the whole command for each, and, polled
   * by many clients, it would spend its time on reads while the updates' records wait (the loadtest
   * api scenario saw applies fail with "could not record attempt" under status polling).
   */
  public CompletionStage<Optional<FormaCommand>> status(String commandId) {
    CompletableFuture<Optional<FormaCommand>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<FormaCommand>> shared = statusReads.putIfAbsent(commandId, mine);
    if (shared != null) {
      return shared.thenApply(c -> c);
    }
    readStatus(commandId)
        .whenComplete(
            (command, e) -> {
              statusReads.remove(commandId, mine);
              if (e != null) {
                mine.completeExceptionally(e);
              } else {
                mine.complete(command);
              }
            });
    return mine.thenApply(c -> c);
  }

  private CompletionStage<Optional<FormaCommand>> readStatus(String commandId) {
    CompletionStage<StatusReply<FormaCommand>> reply =
        ask(r -> new BridgeActor.GetCommand(commandId, r), sizeOf(commandId));
    return reply.thenApply(
        s -> {
          if (s.isSuccess()) {
            return Optional.of(s.getValue());
          }
          String why = s.getError().getMessage();
          if (why != null && why.startsWith(Replies.NO_COMMAND)) {
            return Optional.empty();
          }
          throw new CompletionException(s.getError());
        });
  }

  /** The {@code limit} most recent commands, newest first. */
  public CompletionStage<List<FormaCommand>> commands(int limit) {
    return ask(r -> new BridgeActor.ListCommands(limit, r), 0);
  }

  /** Cancels a command: Canceling at once, Canceled once its calls in flight end. */
  public CompletionStage<BridgeActor.CancelReply> cancel(String commandId) {
    // A status read already in flight may predate the cancel: later reads must not join it.
    CompletionStage<BridgeActor.CancelReply> reply =
        ask(r -> new BridgeActor.Cancel(commandId, r), sizeOf(commandId));
    return reply.whenComplete((r, e) -> statusReads.remove(commandId));
  }

  /**
   * The inventory resources matching {@code query} ({@code InventoryQuery} syntax, such as {@code
   * managed:true stack:net}), opaque values redacted. An invalid query fails the stage.
   */
  public CompletionStage<List<InventoryResource>> inventory(String query) {
    InventoryQuery q;
    try {
      q = InventoryQuery.parse(query);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return ask(r -> new BridgeActor.QueryInventory(q, r), 0);
  }

  /**
   * Deletes the managed resources matching {@code query} ({@link #inventory} syntax), as a destroy
   * of a forma declaring exactly them would; {@code simulate} plans only. Nothing matching answers
   * {@link BridgeActor.NoChanges}; an invalid query fails the stage.
   */
  public CompletionStage<BridgeActor.SubmitReply> destroyMatching(
      String query, OnDependents onDependents, boolean simulate) {
    return inventory(query)
        .thenCompose(
            found ->
                submit(
                    new BridgeActor.SubmitRequest(
                        CommandKind.DESTROY,
                        PlanMode.DESTROY,
                        onDependents,
                        simulate,
                        declaring(found))));
  }

  /** A forma that declares the managed ones of {@code found}, as a destroy needs them. */
  private static Forma declaring(List<InventoryResource> found) {
    List<Resource> resources =
        found.stream()
            .filter(InventoryResource::managed)
            .map(r -> new Resource(r.label(), r.type(), r.stack(), r.target(), null))
            .toList();
    List<Stack> stacks =
        resources.stream().map(Resource::stack).distinct().map(s -> new Stack(s, null)).toList();
    return new Forma(null, stacks, List.of(), resources);
  }

  /** Every stack that holds at least one resource, sorted. */
  public CompletionStage<List<String>> stacks() {
    return onStores(() -> context.inventory().stacks());
  }

  /** Every target the inventory holds, by label, with its config as stored. */
  public CompletionStage<List<Target>> targets() {
    return onStores(() -> context.inventory().targets());
  }

  private <T> CompletionStage<T> onStores(Supplier<T> read) {
    // JDBC stores block: never on the caller's thread, which may be an HTTP dispatcher's.
    Executor stores =
        system.dispatchers().lookup(DispatcherSelector.fromConfig("forja.store-dispatcher"));
    return CompletableFuture.supplyAsync(read, stores);
  }

  /** The plugins the engine runs with. */
  public PluginRegistry plugins() {
    return context.plugins();
  }

  /** Where commands and the inventory live: {@code sqlite}, {@code postgres} or {@code memory}. */
  public String storeKind() {
    StoreSettings.Kind kind = StoreSettings.fromConfig(system.settings().config()).kind();
    return kind == StoreSettings.Kind.POSTGRESQL
        ? "postgres"
        : kind.name().toLowerCase(Locale.ROOT);
  }

  /** When the engine started. */
  public Instant startedAt() {
    return Instant.ofEpochMilli(system.startTime());
  }

  /**
   * The engine's actor system, for a service hosted on it such as the agent's HTTP API. Closing the
   * engine terminates it.
   */
  public ActorSystem<?> actorSystem() {
    return system;
  }

  /**
   * Calls {@code consumer} with every progress of the command from now on, its final one last (for
   * an ended command, only that). Calls come one at a time, on an engine thread: keep them short.
   */
  public Subscription subscribe(String commandId, Consumer<CommandProgress> consumer) {
    ActorRef<Object> relay =
        system.systemActorOf(
            ProgressRelay.create(consumer), "progress-" + relays.incrementAndGet(), Props.empty());
    ActorRef<CommandProgress> subscriber = relay.narrow();
    system.tell(new BridgeActor.Subscribe(commandId, subscriber));
    AtomicBoolean done = new AtomicBoolean();
    return () -> {
      if (done.compareAndSet(false, true)) {
        system.tell(new BridgeActor.Unsubscribe(commandId, subscriber));
        relay.tell(ProgressRelay.Stop.INSTANCE);
      }
    };
  }

  /**
   * Completes with the command once it has ended, in its final state; fails with {@link
   * NoSuchElementException} if there is no such command.
   */
  public CompletionStage<FormaCommand> awaitEnd(String commandId) {
    CompletableFuture<FormaCommand> ended = new CompletableFuture<>();
    // Subscribe first, then look: an end between the two still reaches the subscription.
    Subscription s = subscribe(commandId, p -> completeIfFinal(commandId, p.isFinal(), ended));
    status(commandId)
        .whenComplete(
            (c, failure) -> {
              if (failure != null) {
                ended.completeExceptionally(failure);
              } else if (c.isEmpty()) {
                ended.completeExceptionally(new NoSuchElementException("no command " + commandId));
              } else if (c.get().state().isFinal()) {
                ended.complete(c.get());
              }
            });
    return ended.whenComplete((c, failure) -> s.close());
  }

  private void completeIfFinal(
      String commandId, boolean isFinal, CompletableFuture<FormaCommand> ended) {
    if (!isFinal) {
      return;
    }
    status(commandId)
        .whenComplete(
            (c, failure) -> {
              if (failure != null) {
                ended.completeExceptionally(failure);
              } else {
                c.ifPresentOrElse(
                    ended::complete,
                    () ->
                        ended.completeExceptionally(
                            new NoSuchElementException("no command " + commandId)));
              }
            });
  }

  /** Stops the engine and waits for it; commands still running resume at the next start. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
    if (database != null) {
      database.close(); // after the journal plugins have released theirs
    }
    if (snapshotDir != null) {
      deleteRecursively(snapshotDir);
    }
  }

  private <T> CompletionStage<T> ask(
      Function<ActorRef<T>, BridgeActor.Command> message, int resources) {
    Duration timeout = context.settings().bridgeAskTimeout(resources);
    return AskPattern.ask(system, message, timeout, system.scheduler());
  }

  /**
   * The command's size for its ask timeout (L3): the bridge waits on asks sized by it. The read
   * model knows it; an unknown command is answered at once anyway.
   */
  private int sizeOf(String commandId) {
    // A command's size never changes once accepted, and reading it loads the whole command from
    // the read model: under status polling that read was the API's largest cost (loadtest api).
    synchronized (sizes) {
      Integer known = sizes.get(commandId);
      if (known != null) {
        return known;
      }
    }
    int size = context.commands().find(commandId).map(c -> c.updates().size()).orElse(0);
    if (size > 0) {
      synchronized (sizes) {
        sizes.put(commandId, size);
      }
    }
    return size;
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the snapshot directory " + dir, e);
    }
  }

  /** Chooses the engine's configuration, plugins, stores and clock. */
  public static final class Builder {
    private Config config;
    private PluginRegistry plugins;
    private InventoryStore inventory;
    private CommandStore commands;
    private Clock clock = Clock.systemUTC();
    private EngineMetrics metrics = EngineMetrics.NONE;

    private Builder() {}

    /** The service's configuration; {@code ConfigFactory.load()} unless set. */
    public Builder config(Config config) {
      this.config = config;
      return this;
    }

    /** The plugins; those {@code ServiceLoader} finds on the class path unless set. */
    public Builder plugins(PluginRegistry plugins) {
      this.plugins = plugins;
      return this;
    }

    /** The inventory; the store of {@code forja.store} unless set. */
    public Builder inventoryStore(InventoryStore inventory) {
      this.inventory = inventory;
      return this;
    }

    /** The command read model; the store of {@code forja.store} unless set. */
    public Builder commandStore(CommandStore commands) {
      this.commands = commands;
      return this;
    }

    /** The clock of timestamps; the system clock unless set. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Where the engine reports its work; {@link EngineMetrics#NONE} unless set. */
    public Builder metrics(EngineMetrics metrics) {
      this.metrics = metrics;
      return this;
    }

    /**
     * Starts the engine. Throws {@link InvalidSettingsException} listing every problem when the
     * settings break the timeout chain (L3); nothing is started then.
     */
    public ForjaEngine start() {
      ClassLoader loader = ForjaEngine.class.getClassLoader();
      Config merged =
          (config != null ? config : ConfigFactory.load(loader))
              .withFallback(ConfigFactory.parseResources(loader, "forja-actors.conf"))
              .withFallback(ConfigFactory.defaultReference(loader))
              .resolve();
      EngineSettings settings = EngineSettings.create(merged);
      StoreSettings store = StoreSettings.fromConfig(merged);
      if (CommonPool.threadPerCallback()) {
        LOG.warn(
            "the common pool has parallelism 1, so every ask callback starts a new thread; start"
                + " the JVM with -D{}=2 (or call CommonPool.requestParallelism() first in main)",
            CommonPool.PARALLELISM);
      }
      // The database opens (and migrates) before the actor system exists: a journal plugin that
      // connects on its own must find its schema.
      Database database = store.kind() == StoreSettings.Kind.MEMORY ? null : open(store);
      Path dir = null;
      try {
        EngineContext context =
            new EngineContext(
                settings,
                plugins != null ? plugins : PluginRegistry.load(loader),
                inventory != null ? inventory : inventoryFor(database),
                commands != null ? commands : commandsFor(database),
                clock,
                Ksuid.generator(),
                new Random(),
                metrics);
        if (unset(merged, JOURNAL) && database != null) {
          merged = JournalConfigs.forStore(store).withFallback(merged).resolve();
        }
        Map<String, Object> embedded = new HashMap<>();
        if (unset(merged, JOURNAL)) {
          embedded.put(JOURNAL, "pekko.persistence.journal.inmem");
        }
        if (unset(merged, SNAPSHOTS)) {
          dir = temporaryDirectory();
          embedded.put(SNAPSHOTS, "pekko.persistence.snapshot-store.local");
          embedded.put("pekko.persistence.snapshot-store.local.dir", dir.toString());
        }
        merged = ConfigFactory.parseMap(embedded).withFallback(merged);
        ActorSystem<BridgeActor.Command> system =
            ActorSystem.create(ForjaGuardian.create(context), "forja", merged.resolve());
        return new ForjaEngine(system, context, dir, database);
      } catch (RuntimeException e) {
        if (dir != null) {
          deleteRecursively(dir);
        }
        if (database != null) {
          database.close();
        }
        throw e;
      }
    }

    private static Database open(StoreSettings store) {
      try {
        Files.createDirectories(store.home().resolve("log"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create Forja's home " + store.home(), e);
      }
      return Databases.acquire(store);
    }

    private static InventoryStore inventoryFor(Database database) {
      return database == null ? new InMemoryInventoryStore() : new JdbcInventoryStore(database);
    }

    private static CommandStore commandsFor(Database database) {
      return database == null ? new InMemoryCommandStore() : new JdbcCommandStore(database);
    }

    private static boolean unset(Config c, String path) {
      return !c.hasPath(path) || c.getString(path).isBlank();
    }

    private static Path temporaryDirectory() {
      try {
        return Files.createTempDirectory("forja-snapshots-");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a snapshot directory", e);
      }
    }
  }
}
