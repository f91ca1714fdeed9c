package dev.forja.actors.resource;

import dev.forja.engine.plugin.ListResult;
import dev.forja.engine.plugin.PluginRequests;
import dev.forja.engine.plugin.ProgressResult;
import dev.forja.engine.plugin.ResourcePlugin;
import dev.forja.engine.schema.ResourceTypeSchema;
import dev.forja.plugin.sim.SimPlugin;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The simulator's plugin, with its create scripted by the test and the thread of every call noted.
 * Everything not scripted goes to the simulator.
 */
final class ScriptedPlugin implements ResourcePlugin {
  private final SimPlugin sim;
  private final boolean blocking;
  private final Function<PluginRequests.Create, CompletionStage<ProgressResult>> create;

  /** The names of the threads the plugin was called on, in call order. */
  final List<String> threads = new CopyOnWriteArrayList<>();

  ScriptedPlugin(
      SimPlugin sim,
      boolean blocking,
      Function<PluginRequests.Create, CompletionStage<ProgressResult>> create) {
    this.sim = sim;
    this.blocking = blocking;
    this.create = create;
  }

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
    return blocking;
  }

  @Override
  public CompletionStage<ProgressResult> create(PluginRequests.Create request) {
    threads.add(Thread.currentThread().getName());
    return create.apply(request);
  }

  @Override
  public CompletionStage<ProgressResult> read(PluginRequests.Read request) {
    threads.add(Thread.currentThread().getName());
    return sim.read(request);
  }

  @Override
  public CompletionStage<ProgressResult> update(PluginRequests.Update request) {
    threads.add(Thread.currentThread().getName());
    return sim.update(request);
  }

  @Override
  public CompletionStage<ProgressResult> delete(PluginRequests.Delete request) {
    threads.add(Thread.currentThread().getName());
    return sim.delete(request);
  }

  @Override
  public CompletionStage<ProgressResult> status(PluginRequests.Status request) {
    threads.add(Thread.currentThread().getName());
    return sim.status(request);
  }

  @Override
  public CompletionStage<ListResult> list(PluginRequests.ListPage request) {
    return sim.list(request);
  }
}
