package dev.forja.plugin.sim.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudcontrol.CloudControlClient;
import software.amazon.awssdk.services.cloudcontrol.model.OperationStatus;
import software.amazon.awssdk.services.cloudcontrol.model.ProgressEvent;

/** The clients the server tests use: the real AWS SDK, and plain HTTP for the wire itself. */
final class ServerClients {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ServerClients() {}

  /** The SDK as the AWS plugin configures it for the simulator, with retries off. */
  static CloudControlClient sdk(SimServer server) {
    return sdk(server, Region.US_EAST_1);
  }

  /** The same, signing for {@code region}. */
  static CloudControlClient sdk(SimServer server, Region region) {
    return CloudControlClient.builder()
        .endpointOverride(server.endpoint())
        .region(region)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("sim", "sim")))
        .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64))
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /** Polls a request's status until it ends; with no latency configured, that is at once. */
  static ProgressEvent awaitEnd(CloudControlClient sdk, String requestToken) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (true) {
      ProgressEvent event =
          sdk.getResourceRequestStatus(r -> r.requestToken(requestToken)).progressEvent();
      OperationStatus status = event.operationStatus();
      if (status != OperationStatus.IN_PROGRESS
          && status != OperationStatus.PENDING
          && status != OperationStatus.CANCEL_IN_PROGRESS) {
        return event;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("request " + requestToken + " still " + status + " after 10 s");
      }
    }
  }

  /** One Cloud Control call on the wire, without the SDK. */
  static HttpResponse<String> cloudControl(SimServer server, String operation, String body) {
    return send(
        HttpRequest.newBuilder(server.endpoint().resolve("/"))
            .header("Content-Type", "application/x-amz-json-1.0")
            .header("X-Amz-Target", "CloudApiService." + operation)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  static HttpResponse<String> get(SimServer server, String path) {
    return send(HttpRequest.newBuilder(uri(server, path)).GET().build());
  }

  static HttpResponse<String> post(SimServer server, String path, String body) {
    return send(
        HttpRequest.newBuilder(uri(server, path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  static HttpResponse<String> delete(SimServer server, String path) {
    return send(HttpRequest.newBuilder(uri(server, path)).DELETE().build());
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  private static URI uri(SimServer server, String path) {
    return server.endpoint().resolve(path);
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
