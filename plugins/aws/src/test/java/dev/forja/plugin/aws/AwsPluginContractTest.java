package dev.forja.plugin.aws;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.model.Target;
import dev.forja.engine.plugin.ResourcePlugin;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimSettings;
import dev.forja.plugin.sim.contract.ResourcePluginContract;
import dev.forja.plugin.sim.server.SimServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The plugin contract over the wire: {@link AwsPlugin}, with the real SDK client, against a {@link
 * SimServer} on an ephemeral loopback port. The same suite runs over the in-process {@code
 * SimPlugin}; both must pass it unchanged. The tests and their assertions are inherited from the
 * suite; this class only wires the face.
 */
class AwsPluginContractTest extends ResourcePluginContract {
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
    // Not the sim's default region, so the ARNs the contract checks prove that the region the
    // SDK signs with reaches the cloud. RateLimit high enough that no test waits for a token.
    ObjectNode config =
        JsonNodeFactory.instance
            .objectNode()
            .put("Region", "eu-west-1")
            .put("Endpoint", server.endpoint().toString())
            .put("RateLimit", 100_000);
    target = new Target("sim-server", "AWS", config, true);
  }

  @AfterAll
  static void stop() {
    plugin.close();
    server.close();
    cloud.close();
  }

  @Override
  protected ResourcePlugin plugin() {
    return plugin;
  }

  @Override
  protected SimCloud cloud() {
    return cloud;
  }

  @Override
  protected Target target() {
    return target;
  }
}
