package dev.forja.loadtest.api;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * One kind of request the load generator sends, under the name its figures are reported by.
 *
 * @param name the endpoint's name in the report, such as {@code GET /commands/{id}}
 * @param method {@code GET} or {@code POST}
 * @param uri the full URI, query included
 * @param jsonBody the body of a POST, sent as {@code application/json}; null for a GET
 */
public record ApiCall(String name, String method, URI uri, String jsonBody) {
  public ApiCall {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
  }

  /** {@code GET uri}. */
  public static ApiCall get(String name, URI uri) {
    return new ApiCall(name, "GET", uri, null);
  }

  /** {@code POST uri} with {@code json} as its body. */
  public static ApiCall post(String name, URI uri, String json) {
    return new ApiCall(name, "POST", uri, Objects.requireNonNull(json, "json"));
  }

  /**
   * The request, built once and sent many times ({@link HttpRequest} is immutable); the client
   * gives up on it after {@code timeout}.
   */
  public HttpRequest request(Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
    if (jsonBody == null) {
      return b.method(method, HttpRequest.BodyPublishers.noBody()).build();
    }
    return b.header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8))
        .build();
  }
}
