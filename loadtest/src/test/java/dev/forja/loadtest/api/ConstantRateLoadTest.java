package dev.forja.loadtest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The load generator against a tiny local HTTP server. Every assertion holds by construction of the
 * schedule (intended starts are fixed, a sleep lasts at least its time), never by the machine being
 * fast enough: no upper bound on any time is asserted.
 */
class ConstantRateLoadTest {
  private static final byte[] OK = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

  private HttpServer server;
  private ExecutorService handlers;
  private final AtomicInteger received = new AtomicInteger();
  private final AtomicInteger concurrent = new AtomicInteger();
  private final AtomicInteger maxConcurrent = new AtomicInteger();
  private final AtomicInteger stalled = new AtomicInteger();

  /** Request number {@code stallAt} (from 1) sleeps this long before its answer; 0: none does. */
  private volatile long stallMillis;

  private volatile int stallAt;

  /** Every request sleeps this long before its answer. */
  private volatile long everyMillis;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    handlers = Executors.newCachedThreadPool();
    server.setExecutor(handlers);
    server.createContext("/ok", this::ok);
    server.createContext("/fail", e -> answer(e, 500));
    server.createContext("/missing", e -> answer(e, 404));
    server.start();
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    server.stop(0);
    handlers.shutdownNow();
    handlers.awaitTermination(10, TimeUnit.SECONDS);
  }

  @Test
  void chargesAServerStallToTheRequestsScheduledDuringIt() throws Exception {
    // Request 5 stalls 500 ms. With one request in flight at most, requests 6 to 9 (due 100 to 400
    // ms after it) cannot be sent before it is answered: a closed-loop generator would time them
    // from their late send and see them fast. Timed from their intended start, request 5 + k has
    // waited at least 500 - 100k ms.
    stallAt = 5;
    stallMillis = 500;
    PhaseResult r;
    try (ConstantRateLoad load = ConstantRateLoad.create(Duration.ofSeconds(10), 1)) {
      r = load.run(List.of(call("/ok")), 600, Duration.ZERO, Duration.ofSeconds(2));
    }

    EndpointResult e = r.endpoints().get(0);
    assertThat(stalled).hasValue(1);
    assertThat(e.requests()).isEqualTo(20);
    assertThat(e.errors()).isZero();
    Histogram latency = e.latency();
    // Thresholds 10 ms under the bounds: HdrHistogram keeps 3 significant digits.
    assertThat(atLeastMs(latency, 490)).isGreaterThanOrEqualTo(1);
    assertThat(atLeastMs(latency, 390)).isGreaterThanOrEqualTo(2);
    assertThat(atLeastMs(latency, 290)).isGreaterThanOrEqualTo(3);
    assertThat(atLeastMs(latency, 190)).isGreaterThanOrEqualTo(4);
    assertThat(atLeastMs(latency, 90)).isGreaterThanOrEqualTo(5);
    // Timed from the actual send, the same requests can look short; never longer.
    assertThat(atLeastMs(e.response(), 90)).isLessThanOrEqualTo(atLeastMs(latency, 90));
  }

  @Test
  void schedulesTheRequestedRateAndAnswersEveryRequest() throws Exception {
    // 1,200/min is one request every 50 ms: the 2 s window holds exactly 40 intended starts.
    PhaseResult r;
    try (ConstantRateLoad load =
        ConstantRateLoad.create(Duration.ofSeconds(10), ConstantRateLoad.DEFAULT_MAX_IN_FLIGHT)) {
      r =
          load.run(
              List.of(call("/ok"), call("/ok?second")),
              1_200,
              Duration.ofMillis(500),
              Duration.ofSeconds(2));
    }

    assertThat(r.scheduled()).isBetween(39L, 41L);
    assertThat(r.lateness().getTotalCount()).isEqualTo(r.scheduled());
    assertThat(r.unfinished()).isZero();
    EndpointResult all = r.total();
    assertThat(all.requests()).isEqualTo(r.scheduled());
    assertThat(all.errors()).isZero();
    assertThat(all.count(Outcome.OK)).isEqualTo(r.scheduled());
    // Round-robin: the two calls share the schedule evenly.
    assertThat(r.endpoints().get(0).requests() - r.endpoints().get(1).requests())
        .isBetween(-1L, 1L);
    assertThat(all.meanBytes()).isEqualTo(OK.length);
    // Answers arriving inside the window: at least three in four even on a busy machine.
    assertThat(all.completedInWindow()).isGreaterThanOrEqualTo(30);
    // The 10 warm-up requests were sent, and answered, but not recorded.
    assertThat(received.get()).isGreaterThanOrEqualTo(49);
  }

  @Test
  void sendsOnScheduleWithoutWaitingForEarlierAnswers() throws Exception {
    // Every answer takes 300 ms, the schedule sends every 50 ms: an open model has several
    // requests at the server at once and never waits for a slot.
    everyMillis = 300;
    PhaseResult r;
    try (ConstantRateLoad load =
        ConstantRateLoad.create(Duration.ofSeconds(10), ConstantRateLoad.DEFAULT_MAX_IN_FLIGHT)) {
      r = load.run(List.of(call("/ok")), 1_200, Duration.ZERO, Duration.ofSeconds(1));
    }

    assertThat(r.heldByCap()).isZero();
    assertThat(maxConcurrent.get()).isGreaterThanOrEqualTo(2);
    assertThat(r.total().errors()).isZero();
    assertThat(r.total().latencyMs(0)).isGreaterThanOrEqualTo(290);
  }

  @Test
  void countsEachKindOfErrorWithItsLatency() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    everyMillis = 0;
    List<ApiCall> calls =
        List.of(
            call("/fail"),
            call("/missing"),
            ApiCall.get("refused", URI.create("http://127.0.0.1:" + closed + "/")),
            call("/ok"));
    PhaseResult r;
    try (ConstantRateLoad load = ConstantRateLoad.create(Duration.ofSeconds(10), 16)) {
      r = load.run(calls, 1_200, Duration.ZERO, Duration.ofSeconds(1));
    }

    EndpointResult fail = r.endpoints().get(0);
    EndpointResult missing = r.endpoints().get(1);
    EndpointResult refused = r.endpoints().get(2);
    EndpointResult ok = r.endpoints().get(3);
    assertThat(fail.requests()).isPositive();
    assertThat(fail.count(Outcome.SERVER_ERROR)).isEqualTo(fail.requests());
    assertThat(missing.count(Outcome.CLIENT_ERROR)).isEqualTo(missing.requests());
    assertThat(refused.count(Outcome.CONNECTION)).isEqualTo(refused.requests());
    assertThat(ok.errors()).isZero();
    // An error is a request with a latency like any other.
    assertThat(fail.latency().getTotalCount()).isEqualTo(fail.requests());
    assertThat(ApiFigures.unexplained(List.of(new PhaseRun(r, java.util.Map.of(), 0, 1, true))))
        .hasSize(3)
        .anySatisfy(w -> assertThat(w).contains("5xx on /fail"))
        .anySatisfy(w -> assertThat(w).contains("4xx on /missing"))
        .anySatisfy(w -> assertThat(w).contains("connection error on refused"));
  }

  @Test
  void countsATimeoutAsAnErrorExplainedBySaturation() throws Exception {
    everyMillis = 1_000;
    PhaseResult r;
    try (ConstantRateLoad load = ConstantRateLoad.create(Duration.ofMillis(200), 16)) {
      r = load.run(List.of(call("/ok")), 600, Duration.ZERO, Duration.ofMillis(500));
    }

    EndpointResult e = r.endpoints().get(0);
    assertThat(e.requests()).isEqualTo(5);
    assertThat(e.count(Outcome.TIMEOUT)).isEqualTo(5);
    assertThat(ApiFigures.unexplained(List.of(new PhaseRun(r, java.util.Map.of(), 0, 1, true))))
        .isEmpty();
    assertThat(ApiFigures.timeouts(List.of(new PhaseRun(r, java.util.Map.of(), 0, 1, true))))
        .isEqualTo(5);
  }

  @Test
  void endsAPhaseOnTimeWhenEverySlotWaitsAndCountsTheUnsentAsTimedOut() throws Exception {
    // One slot, and each request holds it for the client's 300 ms timeout: the fifth request due
    // at 400 ms could not be sent before 1.2 s, but the phase gives up 300 ms after its 500 ms
    // window. The requests never sent are timeouts, charged from their intended start.
    everyMillis = 1_000;
    PhaseResult r;
    long sent;
    try (ConstantRateLoad load = ConstantRateLoad.create(Duration.ofMillis(300), 1)) {
      r = load.run(List.of(call("/ok")), 600, Duration.ZERO, Duration.ofMillis(500));
      sent = load.sent();
    }

    EndpointResult e = r.endpoints().get(0);
    assertThat(e.requests()).isEqualTo(5);
    assertThat(e.count(Outcome.TIMEOUT)).isEqualTo(5);
    assertThat(sent).isLessThan(5);
  }

  private ApiCall call(String path) {
    return ApiCall.get(
        path, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path));
  }

  private static long atLeastMs(Histogram h, long ms) {
    return h.getCountBetweenValues(ms * 1_000, h.getHighestTrackableValue());
  }

  private void ok(HttpExchange exchange) throws IOException {
    int n = received.incrementAndGet();
    int now = concurrent.incrementAndGet();
    maxConcurrent.accumulateAndGet(now, Math::max);
    try {
      long sleep = everyMillis;
      if (n == stallAt && stallMillis > 0) {
        stalled.incrementAndGet();
        sleep += stallMillis;
      }
      if (sleep > 0) {
        Thread.sleep(sleep);
      }
      answer(exchange, 200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      concurrent.decrementAndGet();
    }
  }

  private static void answer(HttpExchange exchange, int status) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.readAllBytes();
    }
    byte[] body = status == 200 ? OK : new byte[0];
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }
}
