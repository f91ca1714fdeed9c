package dev.forja.loadtest.persist;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import dev.forja.actors.EngineContext;
import dev.forja.actors.command.CommandProgress;
import dev.forja.actors.command.FormaCommandPersister;
import dev.forja.actors.command.FormaCommandPersister.Recorded;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.settings.EngineSettings;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.pattern.StatusReply;

/**
 * Drives {@link FormaCommandPersister}s from outside, as the bridge and the resource updaters do:
 * Accept a generated command, then for every update RecordAttempt, RecordRequestToken and
 * RecordFinished(SUCCESS) in turn, with a bounded number of updates in flight, then Complete. One
 * actor system serves every run, on Pekko's in-memory journal ({@link #start}) or on a real store
 * ({@link #onStore}); each run is a fresh command.
 */
public final class PersisterDriver implements AutoCloseable {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final PersisterHost host;
  private final ActorSystem<SpawnProtocol.Command> system;
  private final EngineContext context;
  private final int inFlight;
  private final Duration runTimeout;
  private final ActorRef<CommandProgress> progress;

  /**
   * Where the driver's callbacks run: the actor system's default dispatcher, as an actor's asks
   * would. Not the CompletionStage default: Pekko's asks complete Scala-backed CompletableFutures,
   * which run even non-async callbacks on the default executor, and with fewer than three cores
   * (common pool parallelism 1) that executor starts a new thread per callback.
   */
  private final Executor callbacks;

  private PersisterDriver(PersisterHost host, int inFlight, Duration runTimeout) {
    this.host = host;
    this.system = host.system();
    this.context = host.context();
    this.inFlight = inFlight;
    this.runTimeout = runTimeout;
    this.callbacks = system.executionContext();
    // A real actor, so that publishing progress costs what it costs with a subscriber.
    this.progress = spawn(Behaviors.receiveMessage(p -> Behaviors.same()), "progress");
  }

  /**
   * A driver on an actor system with the in-memory journal and a local snapshot store in a new
   * temporary directory (deleted by {@link #close}).
   *
   * @param seed seeds the KSUIDs and the context's random source
   * @param inFlight updates driven at once (the executor runs at most this many)
   * @param serializeEvents whether the journal serializes every event (as a real journal must)
   * @param runTimeout the longest one run's update phase may take
   */
  static PersisterDriver start(
      long seed, int inFlight, boolean serializeEvents, Duration runTimeout) throws IOException {
    return new PersisterDriver(PersisterHost.inMemory(seed, serializeEvents), inFlight, runTimeout);
  }

  /**
   * A driver on a real store, configured as {@code ForjaEngine} configures it (see {@link
   * PersisterHost#onStore}). {@link #close} stops the actor system and closes the database; the
   * store itself stays its owner's.
   *
   * @param storeConfig the store's keys; {@code forja.store} must be sqlite or postgresql
   * @param seed seeds the KSUIDs and the context's random source
   * @param inFlight updates driven at once (the executor runs at most this many)
   * @param runTimeout the longest one run's update phase may take
   */
  public static PersisterDriver onStore(
      Config storeConfig, long seed, int inFlight, Duration runTimeout) {
    return new PersisterDriver(PersisterHost.onStore(storeConfig, seed), inFlight, runTimeout);
  }

  /** The settings the persisters run with. */
  public EngineSettings settings() {
    return context.settings();
  }

  /** Where the snapshots go. */
  Path snapshotDir() {
    return host.snapshots();
  }

  /**
   * Runs one command of {@code n} creates through a fresh persister.
   *
   * @param collect whether to collect the heap between Accept and the update phase: what was
   *     allocated before (the generated command, the read model's copy) is then promoted before the
   *     clock starts, so the phase pays only for what it allocates itself
   * @throws RunFailed when an ask fails or times out, a record is not applied, or the command does
   *     not end Success with every update Success in the read model
   */
  public Run run(int n, boolean collect) {
    String commandId = context.ksuids().get();
    GeneratedCommand generated =
        GeneratedCommand.of(commandId, n, context.ksuids(), context.clock().instant());
    Duration timeout = context.settings().persisterAskTimeout(n);

    long t0 = System.nanoTime();
    ActorRef<FormaCommandPersister.Command> persister =
        spawn(FormaCommandPersister.create(commandId, context, progress), "cmd-" + commandId);
    await(
        this.<Done>ask(
            persister,
            r ->
                new FormaCommandPersister.Accept(
                    generated.command(), generated.edges(), generated.targets(), r),
            timeout),
        "Accept");
    long t1 = System.nanoTime();

    Updates updates = new Updates(persister, generated, timeout);
    if (collect) {
      System.gc();
    }
    long gcStart = gcMillis();
    long allocStart = allocatedBytes();
    long cpuStart = OS.getProcessCpuTime();
    long startedAt = System.nanoTime();
    updates.start();
    await(updates.done, "the update phase");
    long updatesNanos = updates.endedAt.get() - startedAt;
    long cpuNanos = OS.getProcessCpuTime() - cpuStart;
    long gcNanos = (gcMillis() - gcStart) * 1_000_000L;
    long allocated = allocatedBytes() - allocStart;

    long t2 = System.nanoTime();
    CommandState state =
        await(ask(persister, FormaCommandPersister.Complete::new, timeout), "Complete");
    long completeNanos = System.nanoTime() - t2;

    check(commandId, n, state);
    return new Run(n, t1 - t0, updatesNanos, cpuNanos, gcNanos, allocated, completeNanos);
  }

  private void check(String commandId, int n, CommandState state) {
    if (state != CommandState.SUCCESS) {
      throw new RunFailed("Complete replied " + state + ", expected " + CommandState.SUCCESS);
    }
    Optional<FormaCommand> stored = context.commands().find(commandId);
    if (stored.isEmpty()) {
      throw new RunFailed("the read model has no command " + commandId);
    }
    FormaCommand c = stored.get();
    long succeeded = c.updates().stream().filter(u -> u.state() == UpdateState.SUCCESS).count();
    if (c.state() != CommandState.SUCCESS || c.updates().size() != n || succeeded != n) {
      throw new RunFailed(
          "the read model has command "
              + commandId
              + " "
              + c.state()
              + " with "
              + c.counts()
              + ", expected "
              + n
              + " updates Success");
    }
  }

  /** The update phase of one run: every update's three records, {@code inFlight} at a time. */
  private final class Updates {
    final ActorRef<FormaCommandPersister.Command> persister;
    final GeneratedCommand generated;
    final List<ResourceUpdate> list;
    final Duration timeout;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger finished = new AtomicInteger();
    final AtomicLong endedAt = new AtomicLong();
    final CompletableFuture<Void> done = new CompletableFuture<>();

    Updates(
        ActorRef<FormaCommandPersister.Command> persister,
        GeneratedCommand generated,
        Duration timeout) {
      this.persister = persister;
      this.generated = generated;
      this.list = generated.command().updates();
      this.timeout = timeout;
    }

    void start() {
      if (list.isEmpty()) {
        endedAt.set(System.nanoTime());
        done.complete(null);
        return;
      }
      for (int w = 0; w < Math.min(inFlight, list.size()); w++) {
        driveNext();
      }
    }

    /** Drives the next update not yet started, and on its end the one after, until none is left. */
    private void driveNext() {
      int i = next.getAndIncrement();
      if (i >= list.size() || done.isDone()) {
        return;
      }
      drive(list.get(i), generated.finished().get(i)).whenCompleteAsync(this::ended, callbacks);
    }

    private void ended(Recorded recorded, Throwable error) {
      if (error != null) {
        done.completeExceptionally(error);
      } else if (finished.incrementAndGet() == list.size()) {
        endedAt.set(System.nanoTime());
        done.complete(null);
      } else {
        driveNext();
      }
    }

    /** What a ResourceUpdater records for a create that succeeds on its first attempt. */
    private CompletionStage<Recorded> drive(ResourceUpdate u, ObjectNode properties) {
      String ksuid = u.ksuid();
      Operation op = u.operation();
      String clientToken = generated.command().id() + "-" + ksuid + "-" + op.wire() + "-" + 1;
      return record(
              r -> new FormaCommandPersister.RecordAttempt(ksuid, op, 1, clientToken, r),
              "RecordAttempt")
          .thenComposeAsync(
              a ->
                  record(
                      r ->
                          new FormaCommandPersister.RecordRequestToken(
                              ksuid, op, "req-" + ksuid, null, r),
                      "RecordRequestToken"),
              callbacks)
          .thenComposeAsync(
              a ->
                  record(
                      r ->
                          new FormaCommandPersister.RecordFinished(
                              ksuid,
                              op,
                              UpdateState.SUCCESS,
                              "native-" + u.label(),
                              properties,
                              1,
                              null,
                              null,
                              r),
                      "RecordFinished"),
              callbacks);
    }

    private CompletionStage<Recorded> record(
        Function<ActorRef<StatusReply<Recorded>>, FormaCommandPersister.Command> message,
        String what) {
      return ask(persister, message, timeout).thenApplyAsync(r -> applied(r, what), callbacks);
    }
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  /** Bytes every live thread allocated so far (a thread that ended takes its count with it). */
  private static long allocatedBytes() {
    long[] ids = THREADS.getAllThreadIds();
    long total = 0;
    for (long bytes : THREADS.getThreadAllocatedBytes(ids)) {
      total += Math.max(0, bytes);
    }
    return total;
  }

  private static Recorded applied(Recorded r, String what) {
    if (!r.applied()) {
      throw new RunFailed(what + " was not applied");
    }
    return r;
  }

  private <T> CompletionStage<T> ask(
      ActorRef<FormaCommandPersister.Command> to,
      Function<ActorRef<StatusReply<T>>, FormaCommandPersister.Command> message,
      Duration timeout) {
    return AskPattern.askWithStatus(to, message, timeout, system.scheduler());
  }

  private <T> ActorRef<T> spawn(Behavior<T> behavior, String name) {
    return await(
        AskPattern.<SpawnProtocol.Command, ActorRef<T>>ask(
            system,
            r -> new SpawnProtocol.Spawn<>(behavior, name, Props.empty(), r),
            Duration.ofSeconds(10),
            system.scheduler()),
        "spawning " + name);
  }

  private <T> T await(CompletionStage<T> stage, String what) {
    try {
      return stage.toCompletableFuture().get(runTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new RunFailed(what + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new RunFailed(what + " took longer than " + runTimeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunFailed(what + " was interrupted", e);
    }
  }

  /** Stops the actor system, then closes the store's database or deletes the snapshot directory. */
  @Override
  public void close() {
    host.close();
  }

  /**
   * One run's timings, in nanoseconds.
   *
   * @param resources the command's updates
   * @param acceptNanos spawning the persister (recovery of an empty id) and Accept
   * @param updatesNanos from the first RecordAttempt sent to the last RecordFinished replied
   * @param cpuNanos the CPU time the whole process (every thread, GC and JIT included) used in the
   *     update phase: less sensitive than wall time to other processes taking the cores
   * @param gcNanos the time the collectors report for the update phase (millisecond resolution;
   *     with G1, pauses and concurrent cycles that ended in it)
   * @param allocatedBytes what the process's threads allocated in the update phase: unlike GC time,
   *     billed to the run that caused it, however small
   * @param completeNanos Complete
   */
  public record Run(
      int resources,
      long acceptNanos,
      long updatesNanos,
      long cpuNanos,
      long gcNanos,
      long allocatedBytes,
      long completeNanos) {
    /** Records (events) the update phase made: three per update. */
    public long records() {
      return 3L * resources;
    }

    /** The update phase's cost per update, in microseconds. */
    public double microsPerUpdate() {
      return updatesNanos / 1e3 / resources;
    }

    /** The process CPU time per update in the update phase, in microseconds. */
    public double cpuMicrosPerUpdate() {
      return cpuNanos / 1e3 / resources;
    }

    /** The collectors' time in the update phase, as a percentage of it. */
    public double gcPercent() {
      return 100.0 * gcNanos / updatesNanos;
    }

    /** Kilobytes allocated per update in the update phase. */
    public double allocatedKbPerUpdate() {
      return allocatedBytes / 1024.0 / resources;
    }

    /** Records per second in the update phase. */
    public double recordsPerSecond() {
      return records() / (updatesNanos / 1e9);
    }
  }

  /** A run did not end as it must; the message says how. */
  public static final class RunFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RunFailed(String message) {
      super(message);
    }

    RunFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
