package dev.forja.http.internal;

import dev.forja.actors.ForjaEngine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.DispatcherSelector;

/**
 * Runs engine calls that may block before they return their stage (a read of the command store to
 * size an ask timeout, the forma reader's inventory snapshot) on Pekko's blocking-IO dispatcher,
 * never on the HTTP server's threads.
 */
public final class OffThread {
  private final Executor blocking;

  public OffThread(ForjaEngine engine) {
    this.blocking = engine.actorSystem().dispatchers().lookup(DispatcherSelector.blocking());
  }

  /** {@code call} started on the blocking dispatcher. */
  public <T> CompletionStage<T> call(Supplier<CompletionStage<T>> call) {
    return CompletableFuture.supplyAsync(call, blocking).thenCompose(Function.identity());
  }

  /** {@code value} computed on the blocking dispatcher. */
  public <T> CompletionStage<T> supply(Supplier<T> value) {
    return CompletableFuture.supplyAsync(value, blocking);
  }
}
