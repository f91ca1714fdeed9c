package dev.forja.actors.example;

import com.typesafe.config.ConfigFactory;
import dev.forja.actors.ForjaEngine;
import dev.forja.actors.bridge.BridgeActor;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.input.InputFormat;
import dev.forja.engine.model.Forma;
import dev.forja.engine.plugin.PluginRegistry;
import dev.forja.plugin.sim.SimPlugin;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimSettings;
import java.io.PrintStream;
import java.util.List;

/**
 * Forja embedded in a plain Java program: start an engine with the in-process simulator, read a
 * forma, apply it, wait for the end, destroy it, close. Run it from the IDE; its test runs {@link
 * #run} and checks what it prints.
 */
public final class EmbeddedForjaExample {
  /**
   * A bucket, a queue, and a topic whose subscription names the queue's ARN, the cloud's output.
   */
  static final String FORMA =
      """
      {
        "Description": "the embedding example",
        "Stacks": [{"Label": "example"}],
        "Targets": [{"Label": "sim", "Namespace": "SIM", "Config": {"Region": "eu-west-1"}}],
        "Resources": [
          {"Label": "uploads", "Type": "AWS::S3::Bucket",
           "Properties": {"BucketName": "forja-example-uploads"}},
          {"Label": "jobs", "Type": "AWS::SQS::Queue",
           "Properties": {"QueueName": "forja-example-jobs", "VisibilityTimeout": 60}},
          {"Label": "job-events", "Type": "AWS::SNS::Topic",
           "Properties": {"TopicName": "forja-example-events", "Subscription": [{
             "Protocol": "sqs",
             "Endpoint": {"$res": true, "$label": "jobs", "$property": "Arn"}}]}}
        ]
      }
      """;

  private EmbeddedForjaExample() {}

  public static void main(String[] args) {
    run(System.out);
  }

  /** Runs the example, printing to {@code out}; returns the destroy's final command. */
  static FormaCommand run(PrintStream out) {
    SimCloud cloud = SimCloud.inMemory(SimSettings.IDEAL);
    // The in-process simulator answers at once, so poll its operations often; a real cloud takes
    // the default interval (forja.engine.status.check-interval). The simulator forgets its
    // resources when the process exits, so the engine must too: memory store. A service leaves
    // forja.store at its default, SQLite in ~/.forja, and its commands survive restarts.
    var config =
        ConfigFactory.parseString("forja.engine.status.check-interval = 50ms\nforja.store = memory")
            .withFallback(ConfigFactory.load());
    try (ForjaEngine forja =
        ForjaEngine.builder()
            .config(config)
            .plugins(PluginRegistry.of(List.of(new SimPlugin(cloud))))
            .start()) {
      Forma forma = forja.read(FORMA, InputFormat.JSON);

      FormaCommand applied =
          await(forja, forja.apply(forma, PlanMode.RECONCILE).toCompletableFuture().join());
      out.println("apply " + applied.state() + ": " + applied.counts());
      out.println("the cloud holds " + cloud.resourceCount() + " resources");

      FormaCommand destroyed =
          await(forja, forja.destroy(forma, OnDependents.ABORT).toCompletableFuture().join());
      out.println("destroy " + destroyed.state() + ": " + destroyed.counts());
      out.println("the cloud holds " + cloud.resourceCount() + " resources");
      return destroyed;
    }
  }

  /** Waits for an accepted command to end; any other answer is an error. */
  private static FormaCommand await(ForjaEngine forja, BridgeActor.SubmitReply reply) {
    if (!(reply instanceof BridgeActor.Accepted accepted)) {
      throw new IllegalStateException("not accepted: " + reply);
    }
    return forja.awaitEnd(accepted.commandId()).toCompletableFuture().join();
  }
}
