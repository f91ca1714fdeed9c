package dev.forja.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.forja.cli.CliRun;
import dev.forja.cli.ForjaMain;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --watch} without a usable event stream polls the command's status instead. A stand-in
 * agent serves the status; the real one never fails its stream on purpose.
 */
class CommandWatchFallbackTest {
  private static final String RUNNING =
      """
      {"CommandId": "C1", "Command": "apply", "Mode": "patch", "State": "InProgress",
       "StartTs": "2025-01-01T00:00:00Z", "EndTs": null,
       "Counts": {"NotStarted": 0, "Pending": 0, "InProgress": 1, "Success": 1, "Failed": 0,
                  "Rejected": 0, "Canceled": 0},
       "ResourceUpdates": [
         {"Ksuid": "K1", "Stack": "s", "Label": "a", "Type": "T", "Operation": "create",
          "State": "Success", "Attempts": 1, "NativeID": "n1", "ErrorCode": null, "Message": null},
         {"Ksuid": "K2", "Stack": "s", "Label": "b", "Type": "T", "Operation": "create",
          "State": "InProgress", "Attempts": 1, "NativeID": null, "ErrorCode": null,
          "Message": null}]}
      """;

  private static final String DONE =
      """
      {"CommandId": "C1", "Command": "apply", "Mode": "patch", "State": "Success",
       "StartTs": "2025-01-01T00:00:00Z", "EndTs": "2025-01-01T00:00:03Z",
       "Counts": {"NotStarted": 0, "Pending": 0, "InProgress": 0, "Success": 2, "Failed": 0,
                  "Rejected": 0, "Canceled": 0},
       "ResourceUpdates": [
         {"Ksuid": "K1", "Stack": "s", "Label": "a", "Type": "T", "Operation": "create",
          "State": "Success", "Attempts": 1, "NativeID": "n1", "ErrorCode": null, "Message": null},
         {"Ksuid": "K2", "Stack": "s", "Label": "b", "Type": "T", "Operation": "create",
          "State": "Success", "Attempts": 1, "NativeID": "n2", "ErrorCode": null, "Message": null}]}
      """;

  private final AtomicInteger statusCalls = new AtomicInteger();
  private HttpServer server;

  private String serve(int eventsStatus, String eventsBody) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/api/v1/commands/C1/events", x -> reply(x, eventsStatus, "text/event-stream", eventsBody));
    server.createContext(
        "/api/v1/commands/C1",
        // The longer context above answers the stream: contexts match by longest prefix.
        x ->
            reply(x, 200, "application/json", statusCalls.incrementAndGet() == 1 ? RUNNING : DONE));
    server.start();
    String host = server.getAddress().getAddress().getHostAddress();
    return "http://"
        + (host.contains(":") ? "[" + host + "]" : host)
        + ":"
        + server.getAddress().getPort();
  }

  private static void reply(HttpExchange x, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", type);
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static CliRun watch(String url) {
    var cmd = ForjaMain.commandLine();
    FakeTerminal.none().install(cmd);
    return CliRun.on(cmd, "status", "--agent", url, "--watch", "C1");
  }

  private static void assertWatchedToSuccess(CliRun run) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("[1/2] Success  create  s/a  T")
        .contains("[2/2] Success  create  s/b  T")
        .contains("Command C1 ended Success: 2 succeeded of 2 in 3.0s.");
  }

  @Test
  void pollsTheStatusWhenTheEventStreamIsRefused() throws IOException {
    CliRun run = watch(serve(503, "{}"));

    assertWatchedToSuccess(run);
    assertThat(statusCalls.get()).isEqualTo(2);
  }

  @Test
  void pollsTheStatusWhenTheEventStreamEndsBeforeTheFinalEvent() throws IOException {
    String oneEvent =
        "event: progress\ndata: {\"CommandId\": \"C1\", \"State\": \"InProgress\","
            + " \"Counts\": {}, \"Update\": null, \"Final\": false}\n\n";

    CliRun run = watch(serve(200, oneEvent));

    assertWatchedToSuccess(run);
  }
}
