package dev.forja.plugin.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.model.Target;
import dev.forja.engine.plugin.ErrorCodes;
import dev.forja.engine.plugin.ListResult;
import dev.forja.engine.plugin.OperationStatus;
import dev.forja.engine.plugin.PluginOperation;
import dev.forja.engine.plugin.PluginRequests;
import dev.forja.engine.plugin.ProgressResult;
import dev.forja.plugin.sim.cloud.FailureRule;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimResource;
import dev.forja.plugin.sim.cloud.SimSettings;
import dev.forja.plugin.sim.server.SimServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The plugin with the real SDK client against the simulator server on a loopback port: the issue's
 * acceptance list. Every test makes its own resources (fresh names and client tokens), so none
 * depends on another's leftovers or order.
 */
class AwsPluginSimServerTest {
  private static final String LOG_GROUP = "AWS::Logs::LogGroup";
  private static final String VPC = "AWS::EC2::VPC";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static SimCloud cloud;
  private static SimServer server;
  private static AwsPlugin plugin;
  private static Target target;

  @BeforeAll
  static void start() {
    cloud = SimCloud.inMemory(SimSettings.IDEAL);
    server = SimServer.start(cloud, "127.0.0.1", 0);
    plugin =
        new AwsPlugin(StaticCredentialsProvider.create(AwsBasicCredentials.create("sim", "sim")));
    target = simTarget(server);
  }

  @AfterAll
  static void stop() {
    plugin.close();
    server.close();
    cloud.close();
  }

  /** An AWS target pointed at {@code server}, limited high enough that tests never wait. */
  static Target simTarget(SimServer server) {
    ObjectNode config =
        JsonNodeFactory.instance
            .objectNode()
            .put("Region", "us-east-1")
            .put("Endpoint", server.endpoint().toString())
            .put("RateLimit", 100_000);
    return new Target("sim", "AWS", config, true);
  }

  // ---- helpers ----

  private static String token() {
    return UUID.randomUUID().toString();
  }

  private static String newName() {
    return "app-" + UUID.randomUUID();
  }

  private static ObjectNode logGroup(String name, int retentionDays) {
    return JSON.createObjectNode().put("LogGroupName", name).put("RetentionInDays", retentionDays);
  }

  private static ProgressResult join(CompletionStage<ProgressResult> stage) {
    return stage.toCompletableFuture().join();
  }

  /** Polls until the operation ends; the sim has no latency, so the first poll usually does. */
  private static ProgressResult awaitDone(String type, ProgressResult started) {
    ProgressResult r = started;
    for (int polls = 0; !r.isDone(); polls++) {
      assertThat(polls).as("polls of %s", started.requestToken()).isLessThan(1_000);
      r = join(plugin.status(new PluginRequests.Status(type, r.requestToken(), target)));
    }
    return r;
  }

  private static ProgressResult create(String type, ObjectNode properties, String clientToken) {
    return awaitDone(
        type,
        join(
            plugin.create(
                new PluginRequests.Create(type, "label", properties, target, clientToken))));
  }

  private static String createLogGroup(String name, int retentionDays) {
    ProgressResult r = create(LOG_GROUP, logGroup(name, retentionDays), token());
    assertThat(r.status()).as(r.toString()).isEqualTo(OperationStatus.SUCCESS);
    return r.nativeId();
  }

  private static ProgressResult read(String type, String nativeId) {
    return join(plugin.read(new PluginRequests.Read(type, nativeId, target)));
  }

  private static ProgressResult delete(String type, String nativeId) {
    return awaitDone(
        type, join(plugin.delete(new PluginRequests.Delete(type, nativeId, target, token()))));
  }

  private static List<SimResource> resourcesOf(String type) {
    return cloud.resources().stream().filter(r -> r.typeName().equals(type)).toList();
  }

  // ---- the acceptance list ----

  @Test
  void createAnswersInProgressThenStatusSucceedsWithTheIdentifier() {
    String name = newName();

    ProgressResult started =
        join(
            plugin.create(
                new PluginRequests.Create(LOG_GROUP, "logs", logGroup(name, 7), target, token())));

    assertThat(started.operation()).isEqualTo(PluginOperation.CREATE);
    assertThat(started.status()).isEqualTo(OperationStatus.IN_PROGRESS);
    assertThat(started.requestToken()).isNotBlank();

    ProgressResult done = awaitDone(LOG_GROUP, started);

    assertThat(done.operation()).isEqualTo(PluginOperation.STATUS);
    assertThat(done.status()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(done.nativeId()).isNotBlank();
    assertThat(resourcesOf(LOG_GROUP)).anyMatch(r -> r.identifier().equals(done.nativeId()));
  }

  @Test
  void readShowsTheProperties() {
    String name = newName();
    String id = createLogGroup(name, 7);

    ProgressResult r = read(LOG_GROUP, id);

    assertThat(r.status()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(r.nativeId()).isEqualTo(id);
    assertThat(r.properties().path("LogGroupName").asText()).isEqualTo(name);
    assertThat(r.properties().path("RetentionInDays").asInt()).isEqualTo(7);
  }

  @Test
  void updateAppliesTheEnginesPatch() {
    String name = newName();
    String id = createLogGroup(name, 7);
    ArrayNode patch = JSON.createArrayNode();
    patch.addObject().put("op", "replace").put("path", "/RetentionInDays").put("value", 14);

    ProgressResult started =
        join(
            plugin.update(
                new PluginRequests.Update(
                    LOG_GROUP, id, logGroup(name, 7), logGroup(name, 14), patch, target, token())));
    ProgressResult done = awaitDone(LOG_GROUP, started);

    assertThat(started.operation()).isEqualTo(PluginOperation.UPDATE);
    assertThat(done.status()).as(done.toString()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(read(LOG_GROUP, id).properties().path("RetentionInDays").asInt()).isEqualTo(14);
  }

  @Test
  void deleteRemovesTheResourceAndAReadThenAnswersNotFoundForGood() {
    String id = createLogGroup(newName(), 7);

    ProgressResult deleted = delete(LOG_GROUP, id);
    ProgressResult after = read(LOG_GROUP, id);

    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(resourcesOf(LOG_GROUP)).noneMatch(r -> r.identifier().equals(id));
    assertThat(after.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(after.errorCode()).isEqualTo(ErrorCodes.NOT_FOUND);
    assertThat(after.retryable()).as("a read's NotFound is definitive").isFalse();
    assertThat(after.message()).contains("ResourceNotFoundException");
  }

  @Test
  void deletingWhatIsAlreadyGoneSucceeds() {
    String id = createLogGroup(newName(), 7);
    assertThat(delete(LOG_GROUP, id).status()).isEqualTo(OperationStatus.SUCCESS);

    ProgressResult again = delete(LOG_GROUP, id);

    assertThat(again.status()).as(again.toString()).isEqualTo(OperationStatus.SUCCESS);
  }

  @Test
  void listWalksEveryPageWhenThePageIsSmallerThanTheCount() {
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      created.add(createLogGroup(newName(), 7));
    }

    List<String> seen = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String pageToken = null;
    do {
      ListResult page =
          plugin
              .list(new PluginRequests.ListPage(LOG_GROUP, target, pageToken, 3))
              .toCompletableFuture()
              .join();
      assertThat(page.nativeIds()).hasSizeLessThanOrEqualTo(3);
      pageSizes.add(page.nativeIds().size());
      seen.addAll(page.nativeIds());
      pageToken = page.nextPageToken();
    } while (pageToken != null);

    assertThat(seen).doesNotHaveDuplicates().containsAll(created);
    assertThat(seen).hasSize(resourcesOf(LOG_GROUP).size());
    assertThat(pageSizes.size()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aThrottledCallIsRetryableAndItsRetrySucceeds() {
    String name = newName();
    cloud.addRule(new FailureRule("Create", LOG_GROUP, name, "ThrottlingException", 1));
    String clientToken = token();

    ProgressResult throttled = create(LOG_GROUP, logGroup(name, 7), clientToken);
    ProgressResult retried = create(LOG_GROUP, logGroup(name, 7), clientToken);

    assertThat(throttled.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(throttled.errorCode()).isEqualTo(ErrorCodes.THROTTLING_EXCEPTION);
    assertThat(throttled.retryable()).isTrue();
    assertThat(throttled.message()).startsWith("ThrottlingException");
    assertThat(retried.status()).as(retried.toString()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(resourcesOf(LOG_GROUP)).anyMatch(r -> r.identifier().equals(retried.nativeId()));
  }

  @Test
  void aThrottledStatusPollAnswersInProgressAndTheOperationCreatesOnce() {
    String name = newName();
    cloud.gate(false);
    try {
      ProgressResult started =
          join(
              plugin.create(
                  new PluginRequests.Create(
                      LOG_GROUP, "label", logGroup(name, 7), target, token())));
      assertThat(started.status()).as(started.toString()).isEqualTo(OperationStatus.IN_PROGRESS);

      cloud.configure(new SimSettings(Duration.ZERO, Duration.ZERO, 1.0, 0));
      ProgressResult throttledPoll =
          join(plugin.status(new PluginRequests.Status(LOG_GROUP, started.requestToken(), target)));
      cloud.configure(new SimSettings(Duration.ZERO, Duration.ZERO, 0, 1.0));
      ProgressResult failedPoll =
          join(plugin.status(new PluginRequests.Status(LOG_GROUP, started.requestToken(), target)));
      cloud.configure(SimSettings.IDEAL);

      assertThat(throttledPoll.status())
          .as(throttledPoll.toString())
          .isEqualTo(OperationStatus.IN_PROGRESS);
      assertThat(throttledPoll.requestToken()).isEqualTo(started.requestToken());
      assertThat(throttledPoll.message()).contains(ErrorCodes.THROTTLING_EXCEPTION);
      assertThat(failedPoll.status())
          .as(failedPoll.toString())
          .isEqualTo(OperationStatus.IN_PROGRESS);
      assertThat(failedPoll.requestToken()).isEqualTo(started.requestToken());
      cloud.gate(true);
      ProgressResult done = awaitDone(LOG_GROUP, throttledPoll);
      assertThat(done.status()).as(done.toString()).isEqualTo(OperationStatus.SUCCESS);
      assertThat(resourcesOf(LOG_GROUP)).filteredOn(r -> r.identifier().equals(name)).hasSize(1);
    } finally {
      cloud.configure(SimSettings.IDEAL);
      cloud.gate(true);
    }
  }

  @Test
  void anInternalFailureIsRetryable() {
    String name = newName();
    cloud.addRule(new FailureRule("Create", LOG_GROUP, name, "InternalFailure", 1));

    ProgressResult failed = create(LOG_GROUP, logGroup(name, 7), token());

    assertThat(failed.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(failed.errorCode()).isEqualTo(ErrorCodes.INTERNAL_FAILURE);
    assertThat(failed.retryable()).isTrue();
  }

  @Test
  void accessDeniedIsANonRetryableFailureWithTheCloudsMessage() {
    String name = newName();
    cloud.addRule(new FailureRule("Create", LOG_GROUP, name, "AccessDenied", 1));

    ProgressResult denied = create(LOG_GROUP, logGroup(name, 7), token());

    assertThat(denied.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(denied.errorCode()).isEqualTo(ErrorCodes.ACCESS_DENIED);
    assertThat(denied.retryable()).isFalse();
    assertThat(denied.message()).isNotBlank();
    assertThat(resourcesOf(LOG_GROUP)).noneMatch(r -> name.equals(r.identifier()));
  }

  @Test
  void aReplayedClientTokenCreatesNothingNew() {
    // A VPC's id is generated, so a create that was not recognised as a replay would make a
    // second VPC rather than fail on a duplicate name.
    ObjectNode vpc = JSON.createObjectNode().put("CidrBlock", "10.42.0.0/16");
    String clientToken = token();
    int before = resourcesOf(VPC).size();

    ProgressResult first = create(VPC, vpc, clientToken);
    ProgressResult replayStarted =
        join(plugin.create(new PluginRequests.Create(VPC, "vpc", vpc, target, clientToken)));
    ProgressResult replay = awaitDone(VPC, replayStarted);

    assertThat(first.status()).as(first.toString()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(first.nativeId()).startsWith("vpc-");
    assertThat(replay.status()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(replay.nativeId()).isEqualTo(first.nativeId());
    assertThat(resourcesOf(VPC)).hasSize(before + 1);
  }

  @Test
  void aTargetWithoutRegionIsAClearNonRetryableFailure() {
    ObjectNode config = target.config().deepCopy();
    config.remove("Region");
    Target noRegion = new Target("no-region", "AWS", config, false);

    ProgressResult r =
        join(
            plugin.create(
                new PluginRequests.Create(
                    LOG_GROUP, "logs", logGroup(newName(), 7), noRegion, token())));

    assertThat(r.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(r.errorCode()).isEqualTo(ErrorCodes.INVALID_REQUEST);
    assertThat(r.retryable()).isFalse();
    assertThat(r.message()).contains("no-region").contains("Region");
  }
}
