package dev.forja.plugin.sim.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.model.Target;
import dev.forja.engine.plugin.ErrorCodes;
import dev.forja.engine.plugin.ListResult;
import dev.forja.engine.plugin.OperationStatus;
import dev.forja.engine.plugin.PluginRequests;
import dev.forja.engine.plugin.ProgressResult;
import dev.forja.engine.plugin.ResourcePlugin;
import dev.forja.plugin.sim.cloud.FailureRule;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimResource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The plugin contract, written once and run against every face of the simulated cloud: the
 * in-process {@code SimPlugin} and the AWS plugin over the simulator server. A subclass supplies
 * the plugin, the {@link SimCloud} behind it (for fault injection and inspection) and the target to
 * use.
 *
 * <p>Each test uses fresh names, so tests may share one cloud and run in any order. Operations are
 * driven to completion by polling {@link ResourcePlugin#status} a bounded number of times, never by
 * sleeping: the cloud must have no latency.
 */
public abstract class ResourcePluginContract {
  protected static final String QUEUE = "AWS::SQS::Queue";
  protected static final String LOG_GROUP = "AWS::Logs::LogGroup";
  protected static final String VPC = "AWS::EC2::VPC";
  protected static final String SUBNET = "AWS::EC2::Subnet";
  protected static final String ZONE = "AWS::Route53::HostedZone";
  protected static final String RECORD = "AWS::Route53::RecordSet";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The plugin under test. */
  protected abstract ResourcePlugin plugin();

  /** The cloud the plugin talks to, directly or over the wire. */
  protected abstract SimCloud cloud();

  /** The target every request names; its {@code Config.Region} (if any) names ARNs. */
  protected abstract Target target();

  /**
   * How many API calls one plugin call makes while the cloud throttles it: 1 for a plugin that does
   * not retry, more for one whose SDK retries throttling itself.
   */
  protected int apiAttemptsPerCall() {
    return 1;
  }

  /** The most status polls an operation may take to end. */
  protected int maxPolls() {
    return 20;
  }

  @BeforeEach
  void openTheCloud() {
    cloud().clearRules();
    cloud().gate(true);
  }

  // ---- create, read, update, delete, list ----

  @Test
  void createAnswersInProgressThenStatusSucceedsAndReadShowsPropertiesAndOutputs() {
    String name = unique("orders");
    ProgressResult started = create(QUEUE, props("QueueName", name, "VisibilityTimeout", 30), null);
    assertThat(started.status()).isEqualTo(OperationStatus.IN_PROGRESS);
    assertThat(started.requestToken()).isNotBlank();

    ProgressResult done = complete(QUEUE, started);
    assertThat(done.status()).as(done.message()).isEqualTo(OperationStatus.SUCCESS);
    String url = "https://sqs." + region() + ".amazonaws.com/123456789012/" + name;
    assertThat(done.nativeId()).isEqualTo(url);

    ProgressResult read = read(QUEUE, url);
    assertThat(read.status()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(read.nativeId()).isEqualTo(url);
    assertThat(read.properties().get("QueueName").asText()).isEqualTo(name);
    assertThat(read.properties().get("VisibilityTimeout").asInt()).isEqualTo(30);
    assertThat(read.properties().get("QueueUrl").asText()).isEqualTo(url);
    assertThat(read.properties().get("Arn").asText())
        .isEqualTo("arn:aws:sqs:" + region() + ":123456789012:" + name);
  }

  @Test
  void updateAppliesThePatch() {
    String url = createAndComplete(QUEUE, props("QueueName", unique("q"), "VisibilityTimeout", 30));
    ObjectNode prior = props("VisibilityTimeout", 30);
    ObjectNode desired = props("VisibilityTimeout", 60, "DelaySeconds", 5);
    ArrayNode patch =
        (ArrayNode)
            json(
                "[{\"op\":\"replace\",\"path\":\"/VisibilityTimeout\",\"value\":60},"
                    + "{\"op\":\"add\",\"path\":\"/DelaySeconds\",\"value\":5}]");

    ProgressResult done =
        complete(
            QUEUE,
            await(
                plugin()
                    .update(
                        new PluginRequests.Update(
                            QUEUE, url, prior, desired, patch, target(), token()))));
    assertThat(done.status()).as(done.message()).isEqualTo(OperationStatus.SUCCESS);

    ProgressResult read = read(QUEUE, url);
    assertThat(read.properties().get("VisibilityTimeout").asInt()).isEqualTo(60);
    assertThat(read.properties().get("DelaySeconds").asInt()).isEqualTo(5);
  }

  @Test
  void deleteThenReadIsNotFound() {
    String url = createAndComplete(QUEUE, props("QueueName", unique("q")));
    ProgressResult deleted = delete(QUEUE, url);
    assertThat(deleted.status()).as(deleted.message()).isEqualTo(OperationStatus.SUCCESS);

    ProgressResult read = read(QUEUE, url);
    assertThat(read.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(read.errorCode()).isEqualTo(ErrorCodes.NOT_FOUND);
  }

  @Test
  void deletingAResourceThatIsAlreadyGoneSucceeds() {
    String url = createAndComplete(QUEUE, props("QueueName", unique("q")));
    cloud().outOfBandDelete(QUEUE, url);
    ProgressResult deleted = delete(QUEUE, url);
    assertThat(deleted.status()).as(deleted.message()).isEqualTo(OperationStatus.SUCCESS);
  }

  @Test
  void listPagesThroughEveryResource() {
    String prefix = unique("/contract/list");
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      created.add(createAndComplete(LOG_GROUP, props("LogGroupName", prefix + "/" + i)));
    }
    Set<String> listed = new HashSet<>();
    String pageToken = null;
    int pages = 0;
    do {
      ListResult page =
          await(plugin().list(new PluginRequests.ListPage(LOG_GROUP, target(), pageToken, 2)));
      assertThat(page.nativeIds()).hasSizeLessThanOrEqualTo(2);
      listed.addAll(page.nativeIds());
      pageToken = page.nextPageToken();
      pages++;
    } while (pageToken != null && pages < 1000);
    assertThat(listed).containsAll(created);
    assertThat(pages).isGreaterThanOrEqualTo(3);
  }

  // ---- what the cloud enforces ----

  @Test
  void createNamingAMissingResourceFailsForGood() {
    String missingVpc = "vpc-" + hex(17);
    ProgressResult done =
        complete(
            SUBNET,
            create(SUBNET, props("VpcId", missingVpc, "CidrBlock", "10.0.1.0/24"), token()));
    assertThat(done.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(done.errorCode()).isEqualTo(ErrorCodes.INVALID_REQUEST);
    assertThat(done.retryable()).isFalse();
    assertThat(done.message()).contains("VpcId").contains(missingVpc);
  }

  @Test
  void deleteIsRefusedWhileADependentExistsAndAllowedAfter() {
    String vpc = createAndComplete(VPC, props("CidrBlock", "10.0.0.0/16"));
    String subnet = createAndComplete(SUBNET, props("VpcId", vpc, "CidrBlock", "10.0.1.0/24"));

    ProgressResult refused = delete(VPC, vpc);
    assertThat(refused.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(refused.errorCode()).isEqualTo(ErrorCodes.RESOURCE_CONFLICT);
    assertThat(refused.retryable()).isTrue();
    assertThat(refused.message()).startsWith("DependencyViolation").contains(subnet);

    assertThat(delete(SUBNET, subnet).status()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(delete(VPC, vpc).status()).isEqualTo(OperationStatus.SUCCESS);
  }

  @Test
  void aHostedZoneIsNotDeletedWhileItHoldsRecordSets() {
    String zoneName = unique("zone") + ".example.com.";
    String zone = createAndComplete(ZONE, props("Name", zoneName));
    ObjectNode record =
        props("HostedZoneId", zone, "Name", "www." + zoneName, "Type", "A", "TTL", 300);
    record.set("ResourceRecords", JSON.createArrayNode().add("10.0.0.1"));
    String recordId = createAndComplete(RECORD, record);

    ProgressResult refused = delete(ZONE, zone);
    assertThat(refused.errorCode()).isEqualTo(ErrorCodes.RESOURCE_CONFLICT);
    assertThat(refused.message()).startsWith("HostedZoneNotEmpty");

    assertThat(delete(RECORD, recordId).status()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(delete(ZONE, zone).status()).isEqualTo(OperationStatus.SUCCESS);
  }

  @Test
  void aRepeatedClientTokenCreatesNothingNew() {
    String name = unique("q");
    String clientToken = token();
    int before = cloud().resources().size();

    ProgressResult first = create(QUEUE, props("QueueName", name), clientToken);
    ProgressResult again = create(QUEUE, props("QueueName", name), clientToken);
    // The replay answers the same request: still in progress, or already ended.
    if (again.status() == OperationStatus.IN_PROGRESS) {
      assertThat(again.requestToken()).isEqualTo(first.requestToken());
    } else {
      assertThat(again.status()).as(again.message()).isEqualTo(OperationStatus.SUCCESS);
    }
    ProgressResult done = complete(QUEUE, first);
    assertThat(done.status()).as(done.message()).isEqualTo(OperationStatus.SUCCESS);

    ProgressResult afterwards =
        complete(QUEUE, create(QUEUE, props("QueueName", name), clientToken));
    assertThat(afterwards.status()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(afterwards.nativeId()).isEqualTo(done.nativeId());
    assertThat(cloud().resources()).hasSize(before + 1);
    assertThat(named(name)).hasSize(1);
  }

  @Test
  void readAfterAnOutOfBandDeleteIsNotFound() {
    String url = createAndComplete(QUEUE, props("QueueName", unique("q")));
    cloud().outOfBandDelete(QUEUE, url);
    ProgressResult read = read(QUEUE, url);
    assertThat(read.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(read.errorCode()).isEqualTo(ErrorCodes.NOT_FOUND);
  }

  // ---- faults ----

  @Test
  void throttlingIsARetryableFailureAndARetrySucceeds() {
    String name = unique("q");
    cloud()
        .addRule(
            new FailureRule("Create", QUEUE, name, "ThrottlingException", apiAttemptsPerCall()));
    String clientToken = token();

    ProgressResult throttled =
        complete(QUEUE, create(QUEUE, props("QueueName", name), clientToken));
    assertThat(throttled.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(throttled.errorCode()).isEqualTo(ErrorCodes.THROTTLING_EXCEPTION);
    assertThat(throttled.retryable()).isTrue();
    assertThat(named(name)).isEmpty();

    ProgressResult retried = complete(QUEUE, create(QUEUE, props("QueueName", name), clientToken));
    assertThat(retried.status()).as(retried.message()).isEqualTo(OperationStatus.SUCCESS);
    assertThat(named(name)).hasSize(1);
  }

  @Test
  void accessDeniedIsAFailureForGood() {
    String name = unique("q");
    cloud().addRule(new FailureRule("Create", QUEUE, name, "AccessDenied", 1));

    ProgressResult denied = complete(QUEUE, create(QUEUE, props("QueueName", name), token()));
    assertThat(denied.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(denied.errorCode()).isEqualTo(ErrorCodes.ACCESS_DENIED);
    assertThat(denied.retryable()).isFalse();
    assertThat(named(name)).isEmpty();
  }

  // ---- helpers ----

  /** A name no other test uses. */
  protected static String unique(String prefix) {
    return prefix + "-" + hex(10);
  }

  /** A fresh client token. */
  protected static String token() {
    return UUID.randomUUID().toString();
  }

  private static String hex(int n) {
    StringBuilder b = new StringBuilder();
    while (b.length() < n) {
      b.append(UUID.randomUUID().toString().replace("-", ""));
    }
    return b.substring(0, n).toLowerCase(Locale.ROOT);
  }

  /** The target's region, as ARNs name it. */
  protected String region() {
    String r = target().config().path("Region").asText("");
    return r.isEmpty() ? SimCloud.DEFAULT_REGION : r;
  }

  protected ProgressResult create(String type, ObjectNode properties, String clientToken) {
    return await(
        plugin()
            .create(
                new PluginRequests.Create(
                    type,
                    "contract",
                    properties,
                    target(),
                    clientToken == null ? token() : clientToken)));
  }

  protected String createAndComplete(String type, ObjectNode properties) {
    ProgressResult done = complete(type, create(type, properties, token()));
    assertThat(done.status())
        .as("create %s: %s", type, done.message())
        .isEqualTo(OperationStatus.SUCCESS);
    assertThat(done.nativeId()).isNotBlank();
    return done.nativeId();
  }

  protected ProgressResult read(String type, String nativeId) {
    return await(plugin().read(new PluginRequests.Read(type, nativeId, target())));
  }

  protected ProgressResult delete(String type, String nativeId) {
    return complete(
        type, await(plugin().delete(new PluginRequests.Delete(type, nativeId, target(), token()))));
  }

  /** Polls {@code started} until it ends, at most {@link #maxPolls()} times. */
  protected ProgressResult complete(String type, ProgressResult started) {
    ProgressResult now = started;
    for (int i = 0; i < maxPolls() && !now.isDone(); i++) {
      now =
          await(plugin().status(new PluginRequests.Status(type, started.requestToken(), target())));
    }
    assertThat(now.isDone()).as("still in progress after %d polls", maxPolls()).isTrue();
    return now;
  }

  protected static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  /** The cloud's resources with a top-level property equal to {@code value}. */
  protected List<SimResource> named(String value) {
    List<SimResource> out = new ArrayList<>();
    for (SimResource r : cloud().resources()) {
      for (var e : r.properties().properties()) {
        if (e.getValue().isTextual() && e.getValue().asText().equals(value)) {
          out.add(r);
          break;
        }
      }
    }
    return out;
  }

  /** Properties from alternating names and values. */
  protected static ObjectNode props(Object... kv) {
    ObjectNode o = JSON.createObjectNode();
    for (int i = 0; i < kv.length; i += 2) {
      Object v = kv[i + 1];
      if (v instanceof Integer n) {
        o.put((String) kv[i], n);
      } else {
        o.put((String) kv[i], String.valueOf(v));
      }
    }
    return o;
  }

  private static com.fasterxml.jackson.databind.JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
