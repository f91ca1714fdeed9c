package dev.forja.loadtest.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The few HTTP calls the scenarios make to their child processes: a GET or a JSON POST with a
 * timeout, answered with the status and the body as text. A call that cannot be made (connection
 * refused, timed out) throws {@link UncheckedIOException}; the caller judges the status.
 */
public final class Http {
  /** Shared by every call: the scenarios' requests carry JSON only. */
  public static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  /**
   * An answer.
   *
   * @param status the HTTP status
   * @param body the body as text
   */
  public record Answer(int status, String body) {
    /** The body parsed as JSON. */
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + abbreviate(body), e);
      }
    }

    /** This answer when its status is {@code expected}; else throws naming the call and body. */
    public Answer expect(int expected, String call) {
      if (status != expected) {
        throw new IllegalStateException(
            call + " answered " + status + " (expected " + expected + "): " + abbreviate(body));
      }
      return this;
    }
  }

  /** {@code GET uri}. */
  public Answer get(URI uri, Duration timeout) {
    return send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build());
  }

  /** {@code POST uri} with {@code json} as an {@code application/json} body. */
  public Answer post(URI uri, String json, Duration timeout) {
    return send(
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
            .build());
  }

  private Answer send(HttpRequest request) {
    try {
      HttpResponse<String> r =
          client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + request.method() + " " + request.uri(), e);
    }
  }

  /** {@code text} cut to a length that fits an error message. */
  static String abbreviate(String text) {
    return text.length() <= 500 ? text : text.substring(0, 500) + "...";
  }
}
