package dev.forja.cli.agent;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forja.http.dto.Stats;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The few calls the agent verbs make to a local agent whose address the pid file gives: is it
 * healthy, and what do its stats say. Short timeouts: the agent is on this machine, and a verb that
 * waits on it polls.
 */
final class AgentProbe {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  // A newer agent may add fields; the verbs read only those they show.
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();

  private AgentProbe() {}

  /** Whether {@code GET url/api/v1/health} answers 200 (it needs no token). */
  static boolean healthy(String url) {
    return get(url, "/api/v1/health", Optional.empty())
        .map(r -> r.statusCode() == 200)
        .orElse(false);
  }

  /** The body of {@code GET url/api/v1/stats}, or empty when the agent does not answer 200. */
  static Optional<Stats> stats(String url, Optional<String> token) {
    return get(url, "/api/v1/stats", token)
        .filter(r -> r.statusCode() == 200)
        .flatMap(
            r -> {
              try {
                return Optional.of(JSON.readValue(r.body(), Stats.class));
              } catch (IOException e) {
                return Optional.empty();
              }
            });
  }

  private static Optional<HttpResponse<String>> get(
      String url, String path, Optional<String> token) {
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(URI.create(url + path)).timeout(TIMEOUT).GET();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    try {
      return Optional.of(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
