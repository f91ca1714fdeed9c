package dev.forja.actors.command.internal;

import dev.forja.actors.command.FormaCommandPersister.RecordAttempt;
import dev.forja.actors.command.FormaCommandPersister.RecordDependentsFailed;
import dev.forja.actors.command.FormaCommandPersister.RecordFinished;
import dev.forja.actors.command.FormaCommandPersister.RecordRequestToken;
import dev.forja.actors.command.InFlight;
import dev.forja.actors.command.NodeKey;
import dev.forja.actors.command.internal.CommandEvent.DependentsFailed;
import dev.forja.actors.command.internal.CommandEvent.UpdateAttemptStarted;
import dev.forja.actors.command.internal.CommandEvent.UpdateFinished;
import dev.forja.actors.command.internal.CommandEvent.UpdateRequestTokenRecorded;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the persister does with a record, decided from the command's state alone: persist an event,
 * ignore it (late or duplicate: a final state never changes, lesson L1), or refuse it (it names no
 * node of the command). Exactly one of the three fields is set.
 *
 * @param event the event to persist
 * @param ignored why nothing is persisted
 * @param error why the record is refused
 */
public record Decision(CommandEvent event, String ignored, String error) {

  static Decision persist(CommandEvent event) {
    return new Decision(event, null, null);
  }

  static Decision ignore(String why) {
    return new Decision(null, why, null);
  }

  static Decision refuse(String why) {
    return new Decision(null, null, why);
  }

  /** Attempt {@code c.attempt()} of a node's call is about to start. */
  public static Decision attempt(CommandData d, RecordAttempt c, Instant now) {
    NodeKey node = new NodeKey(c.ksuid(), c.operation());
    String refusal = d.refusal(node);
    if (refusal != null) {
      return refuse(refusal);
    }
    if (d.state().isFinal() || d.nodeEnded(node)) {
      return ignore("attempt " + c.attempt() + " of " + node + ": the node has ended");
    }
    return persist(
        new UpdateAttemptStarted(
            d.commandId(), c.ksuid(), c.operation(), c.attempt(), c.clientToken(), now));
  }

  /** The plugin's token to poll a node's call by. */
  public static Decision requestToken(CommandData d, RecordRequestToken c, Instant now) {
    NodeKey node = new NodeKey(c.ksuid(), c.operation());
    String refusal = d.refusal(node);
    if (refusal != null) {
      return refuse(refusal);
    }
    InFlight f = d.inFlight(node);
    if (d.state().isFinal() || d.nodeEnded(node) || f == null) {
      return ignore("request token of " + node + ": no call of it is in flight");
    }
    boolean sameNativeId =
        c.nativeId() == null || c.nativeId().equals(d.update(c.ksuid()).nativeId());
    if (Objects.equals(f.requestToken(), c.requestToken()) && sameNativeId) {
      return ignore("request token of " + node + ": already recorded");
    }
    return persist(
        new UpdateRequestTokenRecorded(
            d.commandId(), c.ksuid(), c.operation(), c.requestToken(), c.nativeId(), now));
  }

  /** A node's end. */
  public static Decision finished(CommandData d, RecordFinished c, Instant now) {
    NodeKey node = new NodeKey(c.ksuid(), c.operation());
    String refusal = d.refusal(node);
    if (refusal != null) {
      return refuse(refusal);
    }
    if (!c.state().isFinal()) {
      return refuse("a node ends in a final state, not " + c.state());
    }
    if (d.state().isFinal() || d.nodeEnded(node)) {
      return ignore(c.state() + " of " + node + ": the node has ended");
    }
    return persist(
        new UpdateFinished(
            d.commandId(),
            c.ksuid(),
            c.operation(),
            c.state(),
            c.nativeId(),
            c.properties(),
            c.attempts(),
            c.errorCode(),
            c.message(),
            now));
  }

  /** Dependents of a failure fail; those already final keep their state. */
  public static Decision dependentsFailed(CommandData d, RecordDependentsFailed c, Instant now) {
    List<String> failing = d.state().isFinal() ? List.of() : d.notFinal(c.ksuids());
    if (failing.isEmpty()) {
      return ignore("dependents " + c.ksuids() + ": none left to fail");
    }
    return persist(new DependentsFailed(d.commandId(), failing, c.errorCode(), c.message(), now));
  }
}
