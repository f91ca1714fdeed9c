package dev.forja.actors.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.actors.EngineContext;
import dev.forja.actors.resource.ResourceUpdater.Command;
import dev.forja.actors.resource.internal.InFlightUpdate;
import dev.forja.actors.resource.internal.NodeCalls;
import dev.forja.engine.command.ResourceUpdate;
import dev.forja.engine.model.Target;
import dev.forja.engine.resolve.Resolution;
import dev.forja.engine.settings.EngineSettings;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * What the state groups of one {@link ResourceUpdater} share ({@link ResourceUpdater} resolves and
 * pre-reads, {@link UpdateMutation} mutates, {@link UpdateRecorder} records): the actor's context
 * and timers, its spec and peers, and the one adapter every plugin operator reports through.
 */
final class UpdaterScope {
  final ActorContext<Command> context;
  final TimerScheduler<Command> timers;
  final ResourceUpdater.Spec spec;
  final ResourceUpdate update;
  final EngineContext engine;
  final EngineSettings settings;
  final ResourceUpdater.Peers peers;
  final InFlightUpdate<Command> inFlight;
  private final ActorRef<PluginOperator.Report> reports;
  private int operators;

  UpdaterScope(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      ResourceUpdater.Spec spec,
      EngineContext engine,
      ResourceUpdater.Peers peers,
      InFlightUpdate<Command> inFlight) {
    this.context = context;
    this.timers = timers;
    this.spec = spec;
    this.update = spec.update();
    this.engine = engine;
    this.settings = engine.settings();
    this.peers = peers;
    this.inFlight = inFlight;
    // One adapter for all operators: a second one for the same class would replace the first.
    this.reports = context.messageAdapter(PluginOperator.Report.class, Reported::new);
  }

  /**
   * Timeout of this updater's asks to the command's persister and the shared ResourcePersister.
   * Both serve every in-flight updater one record at a time, so the wait grows with how many run at
   * once, not with this one record (lesson L3): sized for {@code maxInFlightUpdates} records.
   */
  Duration askTimeout() {
    return settings.persisterAskTimeout(settings.maxInFlightUpdates());
  }

  /** A plugin operator's report, adapted. */
  record Reported(PluginOperator.Report report) implements Command {}

  /**
   * The node's desired properties resolved (null for a DELETE node), and the producers' values they
   * were resolved with.
   */
  record Work(Resolution resolution, Map<String, ObjectNode> values) {}

  /** Starts an operator for {@code call}; it reports as {@link Reported}. */
  void spawnOperator(PluginOperator.Call call) {
    Target target = spec.target();
    context.spawn(
        PluginOperator.create(
            engine.plugins().forNamespace(target.namespace()).orElseThrow(),
            call,
            settings,
            engine.metrics(),
            peers.limiter(),
            target.label(),
            engine.requestsPerSecond(target.label(), target.namespace()),
            reports),
        "operator-" + ++operators);
  }

  /** The client token of attempt {@code attempt} at this node. */
  String token(int attempt) {
    return NodeCalls.clientToken(spec.commandId(), update.ksuid(), spec.operation(), attempt);
  }

  /** The node's native id before this update: the stored row's. */
  String priorNativeId() {
    return NodeCalls.priorNativeId(update);
  }
}
