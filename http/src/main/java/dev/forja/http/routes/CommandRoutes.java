package dev.forja.http.routes;

import dev.forja.actors.ForjaEngine;
import dev.forja.actors.bridge.BridgeActor;
import dev.forja.engine.command.FormaCommand;
import dev.forja.http.dto.CancelResult;
import dev.forja.http.dto.CommandStatus;
import dev.forja.http.dto.ProblemError;
import dev.forja.http.internal.BadRequestException;
import dev.forja.http.internal.CommandFilter;
import dev.forja.http.internal.OffThread;
import dev.forja.http.internal.Responses;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.TimeoutAccess;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * {@code POST /commands}, {@code GET /commands}, {@code GET /commands/{id}}, {@code GET
 * /commands/{id}/events} and {@code POST /commands/{id}/cancel}. Every engine call returns a stage:
 * nothing here blocks a dispatcher thread.
 */
public final class CommandRoutes extends AllDirectives {
  /** The listing's default and largest {@code limit}. */
  static final int DEFAULT_LIMIT = 20;

  static final int MAX_LIMIT = 1_000;

  /** How many recent commands a filtered listing looks through. */
  static final int FILTER_WINDOW = 1_000;

  private final ForjaEngine engine;
  private final OffThread offThread;
  private final Submission submission;
  private final EventStream events;

  public CommandRoutes(ForjaEngine engine) {
    this.engine = engine;
    this.offThread = new OffThread(engine);
    this.submission = new Submission(engine, offThread);
    this.events = new EventStream(engine, offThread);
  }

  /** Every command route. */
  public Route route() {
    return pathPrefix(
        "commands",
        () ->
            concat(
                pathEnd(() -> concat(post(this::submit), get(this::list))),
                pathPrefix(
                    PathMatchers.segment(),
                    id ->
                        concat(
                            pathEnd(() -> get(() -> completeWithFuture(status(id)))),
                            path("events", () -> get(() -> events.route(id))),
                            path("cancel", () -> post(() -> completeWithFuture(cancel(id))))))));
  }

  private Route submit() {
    return extractRequestEntity(
        entity ->
            isJson(entity)
                ? extractRequest(
                    req ->
                        entity(
                            Unmarshaller.entityToByteString(),
                            bytes ->
                                completeWithFuture(
                                    submission.handle(
                                        bytes.utf8String(),
                                        req.getHeader(TimeoutAccess.class)
                                            .map(TimeoutAccess::timeoutAccess)))))
                : complete(
                    Responses.problem(
                        StatusCodes.UNSUPPORTED_MEDIA_TYPE,
                        "the body must be application/json, not "
                            + entity.getContentType().mediaType())));
  }

  private static boolean isJson(HttpEntity entity) {
    return entity.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON);
  }

  private Route list() {
    return parameterOptional(
        "limit",
        limit ->
            parameterOptional(
                "query",
                query -> {
                  int n = limit(limit);
                  CommandFilter filter = CommandFilter.parse(query.orElse(""));
                  CompletionStage<List<FormaCommand>> found =
                      filter.isAll()
                          ? engine.commands(n)
                          : engine
                              .commands(FILTER_WINDOW)
                              .thenApply(cs -> cs.stream().filter(filter).limit(n).toList());
                  return completeWithFuture(
                      found.thenApply(
                          cs ->
                              Responses.json(
                                  StatusCodes.OK,
                                  cs.stream().map(CommandStatus::summaryOf).toList())));
                }));
  }

  private static int limit(Optional<String> text) {
    if (text.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(text.get().strip());
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    String message = "must be a whole number from 1 to " + MAX_LIMIT + ", not '" + text.get() + "'";
    throw new BadRequestException(
        "invalid limit " + text.get(), List.of(ProblemError.at("limit", message)));
  }

  private CompletionStage<HttpResponse> status(String id) {
    // status() and cancel() read the command store to size their ask: keep that off these threads.
    return offThread
        .call(() -> engine.status(id))
        .thenApply(
            c ->
                c.map(cmd -> Responses.json(StatusCodes.OK, CommandStatus.of(cmd)))
                    .orElseGet(() -> Responses.notFound("no command " + id)));
  }

  private CompletionStage<HttpResponse> cancel(String id) {
    return offThread.call(() -> engine.cancel(id)).thenApply(reply -> cancelReply(id, reply));
  }

  private static HttpResponse cancelReply(String id, BridgeActor.CancelReply reply) {
    if (reply instanceof BridgeActor.Canceling c) {
      return Responses.json(StatusCodes.ACCEPTED, new CancelResult(c.commandId(), c.state()));
    }
    if (reply instanceof BridgeActor.AlreadyEnded e) {
      return Responses.problem(
          "already-ended",
          "Command already ended",
          StatusCodes.CONFLICT,
          "command " + id + " already ended " + e.state() + "; there is nothing to cancel",
          null,
          id,
          null);
    }
    if (reply instanceof BridgeActor.NotFound) {
      return Responses.notFound("no command " + id);
    }
    BridgeActor.CancelFailed f = (BridgeActor.CancelFailed) reply;
    return Responses.unavailable("cannot cancel command " + id + " now: " + f.reason());
  }
}
