package dev.forja.actors.races;

import dev.forja.engine.plugin.ListResult;
import dev.forja.engine.plugin.PluginOperation;
import dev.forja.engine.plugin.PluginRequests;
import dev.forja.engine.plugin.ProgressResult;
import dev.forja.engine.plugin.ResourcePlugin;
import dev.forja.engine.schema.ResourceTypeSchema;
import dev.forja.plugin.sim.SimPlugin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The simulator's plugin with a hand on every call: it records each call (operation, resource
 * label, client token, {@link System#nanoTime}), holds chosen mutations until the test releases
 * them, and plays a plugin that never answers or answers late. Thread-safe: the engine calls it
 * from many actors at once.
 *
 * <p>Labels: a create names its label; later calls are traced back to it through the native id and
 * the request token the simulator answered with.
 */
final class HeldPlugin implements ResourcePlugin {
  /** One plugin request as the engine made it. */
  record Call(PluginOperation op, String label, String type, String clientToken, long nanos) {}

  /** A mutation the test holds: sent to the simulator only once released. */
  private record Held(
      Call call,
      Supplier<CompletionStage<ProgressResult>> send,
      CompletableFuture<ProgressResult> answer) {}

  private final SimPlugin sim;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<Predicate<Call>> holds = new CopyOnWriteArrayList<>();
  private final List<Held> held = new ArrayList<>();
  private final Set<String> silent = ConcurrentHashMap.newKeySet();
  private final Map<String, Duration> late = new ConcurrentHashMap<>();
  private final Map<String, String> labelByNativeId = new ConcurrentHashMap<>();
  private final Map<String, String> labelByRequestToken = new ConcurrentHashMap<>();
  private final Map<String, String> requestTokenByLabel = new ConcurrentHashMap<>();

  HeldPlugin(SimPlugin sim) {
    this.sim = sim;
  }

  // ---- what the test controls ----

  /** Holds every later create, update or delete of {@code label}. */
  void hold(String label) {
    holds.add(c -> label.equals(c.label()));
  }

  /** Holds every later create, update or delete of a resource of {@code type}. */
  void holdType(String type) {
    holds.add(c -> type.equals(c.type()));
  }

  /** Holds every later create, update or delete. */
  void holdAll() {
    holds.add(c -> true);
  }

  /** Holds nothing new; calls already held stay held. */
  void stopHolding() {
    holds.clear();
  }

  /** Calls of {@code label}, status polls included, never answer. */
  void neverAnswer(String label) {
    silent.add(label);
  }

  /** Calls of {@code label}, status polls included, answer only after {@code delay}. */
  void answerAfter(String label, Duration delay) {
    late.put(label, delay);
  }

  /** The labels of the calls held now, in arrival order (a label twice if held twice). */
  synchronized List<String> heldLabels() {
    return held.stream().map(h -> h.call().label()).toList();
  }

  /**
   * Sends the held calls of {@code label} to the simulator, in arrival order, and completes each
   * with the simulator's answer. Returns how many were released.
   */
  int release(String label) {
    List<Held> out = new ArrayList<>();
    synchronized (this) {
      for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
        Held h = it.next();
        if (label.equals(h.call().label())) {
          out.add(h);
          it.remove();
        }
      }
    }
    out.forEach(HeldPlugin::send);
    return out.size();
  }

  /**
   * Forgets the held calls as a crash does: they never reach the simulator, and nothing answers
   * them (the actors that made them are gone).
   */
  synchronized void dropHeld() {
    held.clear();
  }

  /** Every call so far, in order. */
  List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The calls of {@code op} on {@code label}. */
  List<Call> calls(String label, PluginOperation op) {
    return calls.stream().filter(c -> c.op() == op && label.equals(c.label())).toList();
  }

  /** How many calls {@code label} got, any operation. */
  long callCount(String label) {
    return calls.stream().filter(c -> label.equals(c.label())).count();
  }

  /** The request token the simulator answered {@code label}'s mutation with, or null. */
  String requestTokenOf(String label) {
    return requestTokenByLabel.get(label);
  }

  // ---- the plugin ----

  @Override
  public String namespace() {
    return sim.namespace();
  }

  @Override
  public List<ResourceTypeSchema> resourceTypes() {
    return sim.resourceTypes();
  }

  @Override
  public boolean blocking() {
    return sim.blocking();
  }

  @Override
  public double defaultRateLimit() {
    return sim.defaultRateLimit();
  }

  @Override
  public CompletionStage<ProgressResult> create(PluginRequests.Create request) {
    Call call =
        record(PluginOperation.CREATE, request.label(), request.type(), request.clientToken());
    return mutation(call, () -> sim.create(request));
  }

  @Override
  public CompletionStage<ProgressResult> read(PluginRequests.Read request) {
    Call call =
        record(PluginOperation.READ, labelByNativeId.get(request.nativeId()), request.type(), null);
    return answer(call, () -> sim.read(request));
  }

  @Override
  public CompletionStage<ProgressResult> update(PluginRequests.Update request) {
    Call call =
        record(
            PluginOperation.UPDATE,
            labelByNativeId.get(request.nativeId()),
            request.type(),
            request.clientToken());
    return mutation(call, () -> sim.update(request));
  }

  @Override
  public CompletionStage<ProgressResult> delete(PluginRequests.Delete request) {
    Call call =
        record(
            PluginOperation.DELETE,
            labelByNativeId.get(request.nativeId()),
            request.type(),
            request.clientToken());
    return mutation(call, () -> sim.delete(request));
  }

  @Override
  public CompletionStage<ProgressResult> status(PluginRequests.Status request) {
    Call call =
        record(
            PluginOperation.STATUS,
            labelByRequestToken.get(request.requestToken()),
            request.type(),
            null);
    return answer(call, () -> sim.status(request));
  }

  @Override
  public CompletionStage<ListResult> list(PluginRequests.ListPage request) {
    return sim.list(request);
  }

  // ---- mechanics ----

  private Call record(PluginOperation op, String label, String type, String clientToken) {
    Call c = new Call(op, label, type, clientToken, System.nanoTime());
    calls.add(c);
    return c;
  }

  private CompletionStage<ProgressResult> mutation(
      Call call, Supplier<CompletionStage<ProgressResult>> send) {
    if (holds.stream().anyMatch(h -> h.test(call))) {
      Held h = new Held(call, () -> answer(call, send), new CompletableFuture<>());
      synchronized (this) {
        held.add(h);
      }
      return h.answer();
    }
    return answer(call, send);
  }

  /** The simulator's answer, as late or as silent as the test asked, its ids noted. */
  private CompletionStage<ProgressResult> answer(
      Call call, Supplier<CompletionStage<ProgressResult>> send) {
    String label = call.label();
    if (label != null && silent.contains(label)) {
      return new CompletableFuture<>();
    }
    Duration delay = label == null ? null : late.get(label);
    if (delay == null) {
      return send.get().thenApply(r -> noted(label, r));
    }
    return CompletableFuture.supplyAsync(
            send, CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS))
        .thenCompose(s -> s)
        .thenApply(r -> noted(label, r));
  }

  private ProgressResult noted(String label, ProgressResult r) {
    if (label != null) {
      if (r.nativeId() != null) {
        labelByNativeId.put(r.nativeId(), label);
      }
      if (r.requestToken() != null) {
        labelByRequestToken.put(r.requestToken(), label);
        requestTokenByLabel.putIfAbsent(label, r.requestToken());
      }
    }
    return r;
  }

  private static void send(Held h) {
    h.send()
        .get()
        .whenComplete(
            (r, e) -> {
              if (e != null) {
                h.answer().completeExceptionally(e);
              } else {
                h.answer().complete(r);
              }
            });
  }
}
