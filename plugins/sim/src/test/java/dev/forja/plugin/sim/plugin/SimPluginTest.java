package dev.forja.plugin.sim.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.model.Target;
import dev.forja.engine.plugin.OperationStatus;
import dev.forja.engine.plugin.PluginOperation;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.engine.plugin.PluginRequests;
import dev.forja.engine.plugin.ProgressResult;
import dev.forja.engine.plugin.ResourcePlugin;
import dev.forja.plugin.catalog.AwsCatalog;
import dev.forja.plugin.sim.SimPlugin;
import dev.forja.plugin.sim.cloud.FailureRule;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimException;
import dev.forja.plugin.sim.cloud.SimSettings;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class SimPluginTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String VPC = "AWS::EC2::VPC";
  private static final String IGW = "AWS::EC2::InternetGateway";

  private final SimCloud cloud = SimCloud.inMemory(SimSettings.IDEAL);
  private final SimPlugin plugin = new SimPlugin(cloud);
  private final Target target = target(NODES.objectNode());

  private static Target target(ObjectNode config) {
    return new Target("sim", "SIM", config, true);
  }

  @Test
  void serviceLoaderFindsItUnderSim() {
    PluginRegistry registry = PluginRegistry.load(SimPluginTest.class.getClassLoader());
    ResourcePlugin found = registry.forNamespace("sim").orElseThrow();
    assertThat(found).isInstanceOf(SimPlugin.class);
    assertThat(found.blocking()).isFalse();
    assertThat(registry.schemas().types()).contains(VPC, "AWS::Route53::RecordSet");
    assertThat(found.resourceTypes()).hasSameSizeAs(AwsCatalog.types());
  }

  @Test
  void aStatusPollThatIsThrottledAnswersInProgress() {
    ProgressResult started = create(IGW, NODES.objectNode());
    cloud.configure(new SimSettings(Duration.ZERO, Duration.ZERO, 1.0, 0));
    ProgressResult polled = status(IGW, started.requestToken());
    assertThat(polled.status()).isEqualTo(OperationStatus.IN_PROGRESS);
    assertThat(polled.requestToken()).isEqualTo(started.requestToken());
    assertThat(polled.message()).startsWith("ThrottlingException");

    cloud.configure(SimSettings.IDEAL);
    assertThat(status(IGW, started.requestToken()).status()).isEqualTo(OperationStatus.SUCCESS);
  }

  @Test
  void anUnknownRequestTokenIsAFailureForGood() {
    ProgressResult r = status(IGW, "no-such-token");
    assertThat(r.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(r.errorCode()).isEqualTo("RequestTokenNotFoundException");
    assertThat(r.retryable()).isFalse();
  }

  @Test
  void aCanceledRequestEndsCanceled() {
    cloud.gate(false);
    ProgressResult started = create(IGW, NODES.objectNode());
    cloud.cancelResourceRequest(started.requestToken());
    ProgressResult r = status(IGW, started.requestToken());
    assertThat(r.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(r.errorCode()).isEqualTo(SimPlugin.CANCELED);
    assertThat(r.retryable()).isFalse();
  }

  @Test
  void aConcurrentOperationIsRetryable() {
    ProgressResult vpc = create(VPC, NODES.objectNode().put("CidrBlock", "10.0.0.0/16"));
    String id = status(VPC, vpc.requestToken()).nativeId();
    cloud.gate(false);
    delete(VPC, id);
    ProgressResult second = delete(VPC, id);
    assertThat(second.status()).isEqualTo(OperationStatus.FAILED);
    assertThat(second.errorCode()).isEqualTo("ConcurrentOperationException");
    assertThat(second.retryable()).isTrue();
  }

  @Test
  void aSuccessfulCreateAnswersTheModel() {
    ProgressResult started = create(VPC, NODES.objectNode().put("CidrBlock", "10.0.0.0/16"));
    assertThat(started.operation()).isEqualTo(PluginOperation.CREATE);
    ProgressResult done = status(VPC, started.requestToken());
    assertThat(done.operation()).isEqualTo(PluginOperation.STATUS);
    assertThat(done.nativeId()).startsWith("vpc-");
    assertThat(done.properties().get("VpcId").asText()).isEqualTo(done.nativeId());
  }

  @Test
  void aFailedListIsAFailedStage() {
    cloud.addRule(new FailureRule("List", VPC, null, "AccessDenied", 1));
    assertThatThrownBy(() -> await(plugin.list(new PluginRequests.ListPage(VPC, target, null, 5))))
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(SimException.class);
  }

  @Test
  void aPluginThatOwnsItsCloudTakesLatencyAndRatesFromTheTarget() {
    SimPlugin owned = new SimPlugin();
    ObjectNode config =
        NODES
            .objectNode()
            .put("Region", "eu-west-1")
            .put("LatencyMs", "200-400")
            .put("ErrorRate", 0);
    ProgressResult started =
        await(
            owned.create(
                new PluginRequests.Create(
                    IGW, "igw", NODES.objectNode(), target(config), UUID.randomUUID().toString())));
    assertThat(started.status()).isEqualTo(OperationStatus.IN_PROGRESS);
    SimSettings s = owned.cloud().settings();
    assertThat(s.latencyMin()).isEqualTo(Duration.ofMillis(200));
    assertThat(s.latencyMax()).isEqualTo(Duration.ofMillis(400));

    ObjectNode object = NODES.objectNode();
    object.putObject("LatencyMs").put("Min", 5).put("Max", 7);
    await(owned.read(new PluginRequests.Read(IGW, "igw-0", target(object))));
    assertThat(owned.cloud().settings().latencyMax()).isEqualTo(Duration.ofMillis(7));
  }

  @Test
  void aPluginOverAGivenCloudLeavesItsSettingsAlone() {
    ObjectNode config = NODES.objectNode().put("LatencyMs", 500);
    await(plugin.read(new PluginRequests.Read(IGW, "igw-0", target(config))));
    assertThat(cloud.settings()).isEqualTo(SimSettings.IDEAL);
  }

  // ---- helpers ----

  private ProgressResult create(String type, ObjectNode props) {
    return await(
        plugin.create(
            new PluginRequests.Create(type, "x", props, target, UUID.randomUUID().toString())));
  }

  private ProgressResult delete(String type, String id) {
    return await(
        plugin.delete(new PluginRequests.Delete(type, id, target, UUID.randomUUID().toString())));
  }

  private ProgressResult status(String type, String token) {
    return await(plugin.status(new PluginRequests.Status(type, token, target)));
  }

  private static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
