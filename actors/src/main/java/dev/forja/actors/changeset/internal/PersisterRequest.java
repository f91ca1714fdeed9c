package dev.forja.actors.changeset.internal;

import dev.forja.actors.command.CommandView;
import dev.forja.actors.command.FormaCommandPersister;
import dev.forja.actors.command.FormaCommandPersister.Recorded;
import dev.forja.actors.command.NodeKey;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.UpdateState;
import dev.forja.engine.plugin.ErrorCodes;
import dev.forja.engine.settings.EngineSettings;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * What an executor asks its command's persister, as data: an ask that fails can be retried from the
 * same value, and its answer is matched to it.
 *
 * @param <R> the type of the persister's answer
 */
public sealed interface PersisterRequest<R>
    permits PersisterRequest.LoadView,
        PersisterRequest.FailNode,
        PersisterRequest.FailDependents,
        PersisterRequest.CancelNotStarted,
        PersisterRequest.CompleteCommand {

  /** The class of the answer. */
  Class<R> answerType();

  /** The persister's message for this request, answered to {@code replyTo}. */
  FormaCommandPersister.Command message(ActorRef<StatusReply<R>> replyTo);

  /**
   * How long to wait before asking again after attempt {@code attempt} (from 1) failed with {@code
   * failure}; null to give up, after {@code maxRetries} retries or at once on an error answer,
   * which is the persister's word, not a lost message, so asking again cannot change it.
   */
  static Duration retryDelay(
      EngineSettings settings, Throwable failure, int attempt, RandomGenerator rnd) {
    if (failure instanceof StatusReply.ErrorMessage || attempt > settings.maxRetries()) {
      return null;
    }
    return settings.backoffWithJitter(attempt, rnd);
  }

  /** Loads the command as recovered. */
  record LoadView() implements PersisterRequest<CommandView> {
    @Override
    public Class<CommandView> answerType() {
      return CommandView.class;
    }

    @Override
    public FormaCommandPersister.Command message(ActorRef<StatusReply<CommandView>> replyTo) {
      return new FormaCommandPersister.GetView(replyTo);
    }
  }

  /** Records a node failed without a plugin call (it cannot run, or its updater died). */
  record FailNode(NodeKey node, String code, String why) implements PersisterRequest<Recorded> {
    @Override
    public Class<Recorded> answerType() {
      return Recorded.class;
    }

    @Override
    public FormaCommandPersister.Command message(ActorRef<StatusReply<Recorded>> replyTo) {
      return new FormaCommandPersister.RecordFinished(
          node.ksuid(), node.operation(), UpdateState.FAILED, null, null, 0, code, why, replyTo);
    }
  }

  /** Records updates failed because {@code failed} (stack/label), which they depend on, failed. */
  record FailDependents(List<String> ksuids, String failed) implements PersisterRequest<Recorded> {
    @Override
    public Class<Recorded> answerType() {
      return Recorded.class;
    }

    @Override
    public FormaCommandPersister.Command message(ActorRef<StatusReply<Recorded>> replyTo) {
      String why = "depends on " + failed + ", which failed";
      return new FormaCommandPersister.RecordDependentsFailed(
          ksuids, ErrorCodes.DEPENDENCY_FAILED, why, replyTo);
    }
  }

  /** Moves the command to Canceling and cancels the updates that never started. */
  record CancelNotStarted(List<String> ksuids) implements PersisterRequest<CommandState> {
    @Override
    public Class<CommandState> answerType() {
      return CommandState.class;
    }

    @Override
    public FormaCommandPersister.Command message(ActorRef<StatusReply<CommandState>> replyTo) {
      return new FormaCommandPersister.RecordCancel(ksuids, replyTo);
    }
  }

  /** Ends the command; the answer is its final state. */
  record CompleteCommand() implements PersisterRequest<CommandState> {
    @Override
    public Class<CommandState> answerType() {
      return CommandState.class;
    }

    @Override
    public FormaCommandPersister.Command message(ActorRef<StatusReply<CommandState>> replyTo) {
      return new FormaCommandPersister.Complete(replyTo);
    }
  }
}
