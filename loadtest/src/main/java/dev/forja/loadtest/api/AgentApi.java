package dev.forja.loadtest.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The api scenario's side of the agent's API: the four calls it loads, and the few calls it makes
 * once, synchronously, around the load (submit the apply, check each loaded call answers).
 */
public final class AgentApi {
  /** The name of the status of the running apply in the report. */
  public static final String STATUS = "GET /commands/{id}";

  /** The name of the command listing. */
  public static final String LIST = "GET /commands";

  /** The name of the inventory query. */
  public static final String INVENTORY = "GET /resources?query=";

  /** The name of the simulated apply. */
  public static final String SIMULATE = "POST /commands (simulate)";

  /** Each call's short name, for chart labels. */
  public static final Map<String, String> SHORT_NAMES =
      Map.of(STATUS, "status", LIST, "list", INVENTORY, "query", SIMULATE, "simulate");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(60);
  private static final int EXCERPT = 500;

  private final String base;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /** The API of the agent at {@code url}, such as {@code http://127.0.0.1:41234}. */
  public AgentApi(String url) {
    this.base = url + "/api/v1";
  }

  /**
   * The loaded calls: the status of {@code commandId}, the command listing, the inventory matching
   * {@code query}, and an apply of {@code probe} with {@code Simulate: true} (planned, never run).
   */
  public List<ApiCall> calls(String commandId, String query, ObjectNode probe) {
    return List.of(
        ApiCall.get(STATUS, uri("/commands/" + commandId)),
        ApiCall.get(LIST, uri("/commands")),
        ApiCall.get(
            INVENTORY, uri("/resources?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))),
        ApiCall.post(SIMULATE, uri("/commands"), body(probe, true)));
  }

  /** Submits an apply (reconcile) of {@code forma}; returns the new command's id. */
  public String apply(ObjectNode forma) throws IOException, InterruptedException {
    HttpResponse<String> r =
        send(ApiCall.post("POST /commands", uri("/commands"), body(forma, false)), SUBMIT_TIMEOUT);
    if (r.statusCode() != 202) {
      throw new IllegalStateException(
          "the apply was not accepted: " + r.statusCode() + " " + excerpt(r.body()));
    }
    JsonNode id = JSON.readTree(r.body()).get("CommandId");
    if (id == null || !id.isTextual()) {
      throw new IllegalStateException("the apply recorded no command: " + excerpt(r.body()));
    }
    return id.asText();
  }

  /**
   * Sends each call once and throws unless it answers 2xx: a load of requests that cannot succeed
   * would measure nothing.
   */
  public void check(List<ApiCall> calls) throws IOException, InterruptedException {
    for (ApiCall c : calls) {
      HttpResponse<String> r = send(c, CHECK_TIMEOUT);
      if (Outcome.ofStatus(r.statusCode()) != Outcome.OK) {
        throw new IllegalStateException(
            c.name() + " answers " + r.statusCode() + ": " + excerpt(r.body()));
      }
    }
  }

  private HttpResponse<String> send(ApiCall call, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest request = call.request(timeout);
    return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private static String body(ObjectNode forma, boolean simulate) {
    ObjectNode b = JSON.createObjectNode();
    b.put("Command", "apply");
    if (simulate) {
      b.put("Simulate", true);
    }
    b.set("Forma", forma);
    try {
      return JSON.writeValueAsString(b);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a request body", e);
    }
  }

  private static String excerpt(String body) {
    return body.length() <= EXCERPT ? body : body.substring(0, EXCERPT) + "…";
  }
}
