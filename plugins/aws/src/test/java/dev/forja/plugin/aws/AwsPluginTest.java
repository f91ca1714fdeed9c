package dev.forja.plugin.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.model.Target;
import dev.forja.engine.plugin.ErrorCodes;
import dev.forja.engine.plugin.OperationStatus;
import dev.forja.engine.plugin.PluginRequests;
import dev.forja.engine.plugin.ProgressResult;
import dev.forja.engine.plugin.ResourcePlugin;
import dev.forja.engine.settings.EngineSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** What the plugin does without a cloud to talk to: config checks, network failures, limits. */
class AwsPluginTest {

  private final AwsPlugin plugin =
      new AwsPlugin(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "SECRET")));

  @AfterEach
  void close() {
    plugin.close();
  }

  private static Target target(String label, ObjectNode config) {
    return new Target(label, "AWS", config, false);
  }

  private static ObjectNode config() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** A loopback port nobody listens on: connections are refused at once. */
  private static String deadEndpoint() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return "http://127.0.0.1:" + s.getLocalPort();
    }
  }

  private static ProgressResult join(java.util.concurrent.CompletionStage<ProgressResult> s) {
    return s.toCompletableFuture().join();
  }

  @Test
  void servesTheAwsNamespaceWithoutBlockingAtTwoRequestsPerSecond() {
    assertThat(plugin.namespace()).isEqualTo("AWS");
    assertThat(plugin.blocking()).isFalse();
    assertThat(plugin.defaultRateLimit()).isEqualTo(2.0);
  }

  @Test
  void serviceLoaderFindsIt() throws Exception {
    // ServiceLoader itself, not PluginRegistry: the sim plugin on this test class path declares
    // the same AWS type names, which one registry refuses.
    List<ResourcePlugin> found = new ArrayList<>();
    ServiceLoader.load(ResourcePlugin.class).forEach(found::add);
    try {
      assertThat(found)
          .filteredOn(p -> p.namespace().equals("AWS"))
          .singleElement()
          .isInstanceOf(AwsPlugin.class);
    } finally {
      for (ResourcePlugin p : found) {
        if (p instanceof AutoCloseable c) {
          c.close();
        }
      }
    }
  }

  @Test
  void aTargetWithoutRegionFailsNonRetryablyNamingTheField() {
    Target noRegion = target("prod", config().put("Endpoint", "http://127.0.0.1:1"));

    ProgressResult r =
        join(
            plugin.create(
                new PluginRequests.Create("AWS::SQS::Queue", "q", config(), noRegion, "tok")));

    assertThat(r.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(r.errorCode()).isEqualTo(ErrorCodes.INVALID_REQUEST);
    assertThat(r.retryable()).isFalse();
    assertThat(r.message()).contains("prod").contains("Region");
  }

  @Test
  void aBadEndpointOrRateLimitFailsNamingTheField() {
    Target badEndpoint =
        target("t", config().put("Region", "us-east-1").put("Endpoint", "ftp://nowhere"));
    Target badRate = target("t", config().put("Region", "us-east-1").put("RateLimit", 0));

    ProgressResult r1 =
        join(plugin.read(new PluginRequests.Read("AWS::SQS::Queue", "q", badEndpoint)));
    ProgressResult r2 = join(plugin.read(new PluginRequests.Read("AWS::SQS::Queue", "q", badRate)));

    assertThat(r1.errorCode()).isEqualTo(ErrorCodes.INVALID_REQUEST);
    assertThat(r1.message()).contains("Endpoint");
    assertThat(r2.errorCode()).isEqualTo(ErrorCodes.INVALID_REQUEST);
    assertThat(r2.message()).contains("RateLimit");
  }

  @Test
  void aListOnABadTargetFailsWithTheSameCode() {
    Target noRegion = target("prod", config());

    CompletableFuture<?> page =
        plugin
            .list(new PluginRequests.ListPage("AWS::SQS::Queue", noRegion, null, 10))
            .toCompletableFuture();

    assertThatThrownBy(page::join)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(
            AwsCallException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCodes.INVALID_REQUEST);
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains("Region");
            });
  }

  @Test
  void aTargetWhoseConfigChangesIsCheckedAgain() throws IOException {
    Target good =
        target("prod", config().put("Region", "us-east-1").put("Endpoint", deadEndpoint()));
    Target sameLabelNoRegion = target("prod", config().put("Endpoint", deadEndpoint()));

    ProgressResult first = join(plugin.read(new PluginRequests.Read("AWS::SQS::Queue", "q", good)));
    ProgressResult second =
        join(plugin.read(new PluginRequests.Read("AWS::SQS::Queue", "q", sameLabelNoRegion)));

    assertThat(first.errorCode()).isEqualTo(ErrorCodes.NETWORK_FAILURE);
    assertThat(second.errorCode()).isEqualTo(ErrorCodes.INVALID_REQUEST);
    assertThat(second.message()).contains("Region");
  }

  @Test
  void anUnreachableEndpointIsARetryableNetworkFailure() throws IOException {
    Target t =
        target(
            "t",
            config()
                .put("Region", "us-east-1")
                .put("Endpoint", deadEndpoint())
                .put("RateLimit", 1000));

    ProgressResult r =
        join(
            plugin.create(new PluginRequests.Create("AWS::SQS::Queue", "q", config(), t, "tok-1")));

    assertThat(r.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(r.errorCode()).isEqualTo(ErrorCodes.NETWORK_FAILURE);
    assertThat(r.retryable()).isTrue();
  }

  @Test
  void everyCallStatusPollsIncludedWaitsForItsTargetsToken() throws IOException {
    // RateLimit 2: a burst of 2, then one call every 500 ms. The calls fail fast (nobody
    // listens), so how late the last one ends is how long it waited for its token: at least
    // 1 s for the fourth, whatever else the machine is doing.
    Target t =
        target(
            "slow",
            config()
                .put("Region", "us-east-1")
                .put("Endpoint", deadEndpoint())
                .put("RateLimit", 2));
    long start = System.nanoTime();
    List<CompletableFuture<ProgressResult>> calls = new ArrayList<>();
    calls.add(
        plugin
            .create(new PluginRequests.Create("AWS::SQS::Queue", "q", config(), t, "tok-1"))
            .toCompletableFuture());
    for (int i = 0; i < 3; i++) {
      calls.add(
          plugin
              .status(new PluginRequests.Status("AWS::SQS::Queue", "req-" + i, t))
              .toCompletableFuture());
    }

    calls.get(3).join();
    Duration waited = Duration.ofNanos(System.nanoTime() - start);

    assertThat(waited).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(calls.get(0).join().errorCode()).isEqualTo("NetworkFailure");
    // A poll that cannot reach the cloud says nothing of the operation: poll again.
    assertThat(calls.subList(1, 4))
        .allSatisfy(
            c -> {
              assertThat(c.join().status()).isEqualTo(OperationStatus.IN_PROGRESS);
              assertThat(c.join().message()).startsWith("NetworkFailure");
            });
  }

  @Test
  @Timeout(20)
  void aHungRequestTimesOutAfterTheEnginesRequestTimeoutAndIsNotRetriedByTheSdk() throws Exception {
    EngineSettings settings =
        EngineSettings.defaults().toBuilder().pluginRequestTimeout(Duration.ofMillis(300)).build();
    AtomicInteger connections = new AtomicInteger();
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AwsPlugin quick =
            new AwsPlugin(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "SECRET")),
                settings)) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept()); // read nothing, answer nothing
                    connections.incrementAndGet();
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      Target t =
          target(
              "t",
              config()
                  .put("Region", "us-east-1")
                  .put("Endpoint", "http://127.0.0.1:" + silent.getLocalPort())
                  .put("RateLimit", 1000));
      // Warm up first: loading the SDK and Netty takes longer than the timeout under test.
      Target dead =
          target("dead", config().put("Region", "us-east-1").put("Endpoint", deadEndpoint()));
      assertThat(
              join(quick.read(new PluginRequests.Read("AWS::SQS::Queue", "q", dead))).errorCode())
          .isEqualTo(ErrorCodes.NETWORK_FAILURE);
      long start = System.nanoTime();

      ProgressResult r =
          join(
              quick.create(
                  new PluginRequests.Create("AWS::SQS::Queue", "q", config(), t, "tok-1")));

      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300))
          .isLessThan(Duration.ofSeconds(10));
      assertThat(r.errorCode()).isEqualTo(ErrorCodes.NETWORK_FAILURE);
      assertThat(r.retryable()).isTrue();
      assertThat(r.message()).containsIgnoringCase("timeout");
      // The SDK's retries would have opened more connections before the future failed.
      assertThat(connections.get()).isEqualTo(1);
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  @Timeout(10)
  void closingFailsCallsWaitingForATokenRetryably() throws IOException {
    Target t =
        target(
            "t",
            config()
                .put("Region", "us-east-1")
                .put("Endpoint", deadEndpoint())
                .put("RateLimit", 0.01));
    // The first call takes the only token (and fails at once: nobody listens). The second waits
    // 100 s for its token, unless the plugin closes.
    CompletableFuture<ProgressResult> first =
        plugin.read(new PluginRequests.Read("AWS::SQS::Queue", "q1", t)).toCompletableFuture();
    CompletableFuture<ProgressResult> second =
        plugin.read(new PluginRequests.Read("AWS::SQS::Queue", "q2", t)).toCompletableFuture();
    assertThat(second).isNotDone();

    plugin.close();

    ProgressResult r = second.join();
    assertThat(r.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(r.retryable()).isTrue();
    assertThat(r.message()).contains("closed");
    assertThat(first.join().status()).isEqualTo(OperationStatus.FAILED);
  }

  @Test
  @Timeout(10)
  void callsAfterCloseFailRetryablyInsteadOfHanging() {
    Target t = target("t", config().put("Region", "us-east-1"));
    plugin.close();

    ProgressResult r = join(plugin.read(new PluginRequests.Read("AWS::SQS::Queue", "q", t)));

    assertThat(r.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(r.retryable()).isTrue();
    assertThat(r.message()).contains("closed");
  }
}
