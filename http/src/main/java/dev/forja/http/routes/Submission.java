package dev.forja.http.routes;

import dev.forja.actors.ForjaEngine;
import dev.forja.actors.bridge.BridgeActor;
import dev.forja.engine.command.CommandKind;
import dev.forja.engine.input.InputFormat;
import dev.forja.engine.input.InvalidFormaException;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.ResourceKey;
import dev.forja.engine.plan.PlanReport;
import dev.forja.http.dto.ProblemError;
import dev.forja.http.dto.SubmitResult;
import dev.forja.http.internal.OffThread;
import dev.forja.http.internal.Responses;
import dev.forja.http.internal.SubmitBody;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.TimeoutAccess;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * {@code POST /commands}: reads the body, reads the forma against the plugins and the inventory
 * (off the HTTP threads: the inventory may be a database), submits, and answers with the plan. A
 * bad body is 400 naming every error at once: the body's own and the forma's.
 */
final class Submission {
  /** Beyond the engine's own ask timeout: reading and planning the forma. */
  private static final Duration MARGIN = Duration.ofSeconds(10);

  private final ForjaEngine engine;
  private final OffThread offThread;

  Submission(ForjaEngine engine, OffThread offThread) {
    this.engine = engine;
    this.offThread = offThread;
  }

  /** The answer to {@code body}; {@code timeout} is stretched to what the forma's size needs. */
  CompletionStage<HttpResponse> handle(String body, Optional<TimeoutAccess> timeout) {
    SubmitBody b = SubmitBody.read(body);
    CompletionStage<Read> read =
        b.formaText() == null
            ? CompletableFuture.completedFuture(new Read(null, List.of()))
            : offThread.supply(() -> read(b));
    return read.thenCompose(
        r -> {
          List<ProblemError> errors = new ArrayList<>(b.errors());
          errors.addAll(r.errors());
          if (!errors.isEmpty()) {
            return CompletableFuture.completedFuture(
                Responses.invalid(
                    errors.size() + (errors.size() == 1 ? " error" : " errors") + " in the request",
                    errors));
          }
          int size = r.forma() == null ? 0 : r.forma().resources().size();
          timeout.ifPresent(
              t -> t.updateTimeout(engine.settings().bridgeAskTimeout(size).plus(MARGIN)));
          return submit(b, r.forma()).thenApply(Submission::answer);
        });
  }

  private record Read(Forma forma, List<ProblemError> errors) {}

  private Read read(SubmitBody b) {
    try {
      return new Read(engine.read(b.formaText(), InputFormat.JSON), List.of());
    } catch (InvalidFormaException e) {
      return new Read(null, e.problems().stream().map(b::formaError).toList());
    }
  }

  private CompletionStage<BridgeActor.SubmitReply> submit(SubmitBody b, Forma forma) {
    if (b.kind() == CommandKind.DESTROY && forma == null) {
      return engine.destroyMatching(b.query(), b.onDependents(), b.simulate());
    }
    return engine.submit(
        new BridgeActor.SubmitRequest(b.kind(), b.mode(), b.onDependents(), b.simulate(), forma));
  }

  private static HttpResponse answer(BridgeActor.SubmitReply reply) {
    if (reply instanceof BridgeActor.Accepted a) {
      return Responses.json(
          StatusCodes.ACCEPTED,
          new SubmitResult(a.commandId(), true, PlanReport.toJson(a.changeset())));
    }
    if (reply instanceof BridgeActor.Simulated s) {
      return Responses.json(
          StatusCodes.ACCEPTED,
          new SubmitResult(null, !s.changeset().isEmpty(), PlanReport.toJson(s.changeset())));
    }
    if (reply instanceof BridgeActor.NoChanges) {
      return Responses.json(StatusCodes.ACCEPTED, SubmitResult.noChanges());
    }
    if (reply instanceof BridgeActor.Invalid i) {
      return invalid(i);
    }
    if (reply instanceof BridgeActor.Conflict c) {
      List<String> keys = c.resources().stream().map(ResourceKey::toString).toList();
      return Responses.problem(
          "conflict",
          "Command in flight",
          StatusCodes.CONFLICT,
          "command "
              + c.commandId()
              + " is still running on "
              + String.join(", ", keys)
              + "; wait for it to end (GET /api/v1/commands/"
              + c.commandId()
              + ") or cancel it",
          null,
          c.commandId(),
          keys);
    }
    BridgeActor.Unavailable u = (BridgeActor.Unavailable) reply;
    return Responses.unavailable(u.reason());
  }

  private static HttpResponse invalid(BridgeActor.Invalid i) {
    List<ProblemError> errors = i.problems().stream().map(ProblemError::of).toList();
    if (i.dependents().isEmpty()) {
      return Responses.invalid(
          "the forma cannot be planned against the inventory: " + String.join("; ", i.problems()),
          errors);
    }
    List<String> keys = i.dependents().stream().map(ResourceKey::toString).toList();
    return Responses.problem(
        "dependents",
        "Managed dependents",
        StatusCodes.CONFLICT,
        "the destroy would strand managed resources that depend on what it deletes: "
            + String.join(", ", keys)
            + "; include them, or destroy with OnDependents cascade",
        errors,
        null,
        keys);
  }
}
