package dev.forja.plugin.sim.contract;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.forja.engine.model.Target;
import dev.forja.engine.plugin.ResourcePlugin;
import dev.forja.plugin.sim.SimPlugin;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimSettings;

/**
 * The plugin contract over the in-process face: {@link SimPlugin} calling a {@link SimCloud}. The
 * tests and their assertions are inherited from {@link ResourcePluginContract}; this class only
 * wires the face.
 */
class SimPluginContractTest extends ResourcePluginContract {
  private final SimCloud cloud = SimCloud.inMemory(SimSettings.IDEAL);
  private final SimPlugin plugin = new SimPlugin(cloud);
  private final Target target =
      new Target(
          "sim-eu", "SIM", JsonNodeFactory.instance.objectNode().put("Region", "eu-west-1"), true);

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
