package dev.forja.http.routes;

import dev.forja.actors.ForjaEngine;
import dev.forja.actors.command.CommandProgress;
import dev.forja.engine.command.FormaCommand;
import dev.forja.http.dto.ApiJson;
import dev.forja.http.dto.ProgressEvent;
import dev.forja.http.internal.OffThread;
import dev.forja.http.internal.Responses;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;

/**
 * {@code GET /commands/{id}/events}: Server-Sent Events, each {@code event: progress} with a {@link
 * ProgressEvent} as data. The first shows the command as it is; then one per change; the stream
 * ends after the one whose {@code Final} is true. A client that falls more than {@value #BUFFER}
 * events behind misses some intermediate ones (each carries the full counts), never the final one.
 */
final class EventStream extends AllDirectives {
  /** Events held for a slow client. */
  static final int BUFFER = 16_384;

  /** A comment line this often keeps idle connections (and their proxies) from timing out. */
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  private final ForjaEngine engine;
  private final OffThread offThread;

  EventStream(ForjaEngine engine, OffThread offThread) {
    this.engine = engine;
    this.offThread = offThread;
  }

  /** The stream of command {@code id}, or 404. */
  Route route(String id) {
    return onSuccess(
        offThread.call(() -> engine.status(id)),
        found ->
            found
                .<Route>map(c -> completeOK(events(c), EventStreamMarshalling.toEventStream()))
                .orElseGet(() -> complete(Responses.notFound("no command " + id))));
  }

  private Source<ServerSentEvent, NotUsed> events(FormaCommand now) {
    Source<ServerSentEvent, NotUsed> first = Source.single(sse(ProgressEvent.snapshotOf(now)));
    if (now.state().isFinal()) {
      return first;
    }
    return first
        .concat(live(now.id()).map(p -> sse(ProgressEvent.of(p))))
        .keepAlive(KEEP_ALIVE, ServerSentEvent::heartbeat);
  }

  /**
   * The command's progress from now to its final one. The final one never waits in the bounded
   * buffer: it completes the buffered part, then follows it.
   */
  private Source<CommandProgress, NotUsed> live(String id) {
    CompletableFuture<CommandProgress> last = new CompletableFuture<>();
    Source<CommandProgress, NotUsed> buffered =
        Source.<CommandProgress>queue(BUFFER)
            .mapMaterializedValue(
                queue ->
                    engine.subscribe(
                        id,
                        p -> {
                          if (p.isFinal()) {
                            last.complete(p);
                            queue.complete();
                          } else {
                            queue.offer(p); // dropped when the client is BUFFER behind
                          }
                        }))
            .watchTermination(
                (subscription, done) -> {
                  done.whenComplete((d, failure) -> subscription.close());
                  return NotUsed.notUsed();
                });
    return buffered.concat(Source.completionStage(last));
  }

  private static ServerSentEvent sse(ProgressEvent e) {
    return ServerSentEvent.create(
        new String(ApiJson.toBytes(e), StandardCharsets.UTF_8), "progress");
  }
}
