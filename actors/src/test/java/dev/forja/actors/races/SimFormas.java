package dev.forja.actors.races;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.plugin.sim.SimPlugin;

/**
 * Builds forma JSON for the simulator's target. Queues are the workhorse: a queue may name another
 * as its dead-letter queue (its {@code RedrivePolicy} refers to the other's {@code Arn} output), so
 * chains of dependencies need no other type; a bucket policy refers to its bucket as AWS requires.
 */
final class SimFormas {
  static final String QUEUE = "AWS::SQS::Queue";
  static final String TOPIC = "AWS::SNS::Topic";
  static final String BUCKET = "AWS::S3::Bucket";
  static final String BUCKET_POLICY = "AWS::S3::BucketPolicy";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String stack;
  private final String target;
  private final ArrayNode resources = NODES.arrayNode();

  private SimFormas(String stack, String target) {
    this.stack = stack;
    this.target = target;
  }

  /** A forma of one stack on target {@link EngineHarness#TARGET}. */
  static SimFormas stack(String stack) {
    return new SimFormas(stack, EngineHarness.TARGET);
  }

  /** A forma of one stack on target {@code target}, also of namespace SIM. */
  static SimFormas stack(String stack, String target) {
    return new SimFormas(stack, target);
  }

  /** The queue name of {@code label} in {@code stack}: unique in the cloud, matched by rules. */
  static String queueName(String stack, String label) {
    return stack + "-" + label;
  }

  /** A queue named after its stack and label. */
  SimFormas queue(String label) {
    return resource(label, QUEUE, queueProps(label));
  }

  /** A queue with one more top-level property, such as {@code VisibilityTimeout}. */
  SimFormas queue(String label, String property, int value) {
    ObjectNode props = queueProps(label);
    props.put(property, value);
    return resource(label, QUEUE, props);
  }

  /** A queue whose dead-letter queue is {@code deadLetter}: it waits for that queue's ARN. */
  SimFormas queueFeeding(String label, String deadLetter) {
    ObjectNode redrive = NODES.objectNode();
    redrive.set("deadLetterTargetArn", ref(deadLetter, QUEUE, "Arn"));
    redrive.put("maxReceiveCount", 5);
    ObjectNode props = queueProps(label);
    props.set("RedrivePolicy", redrive);
    return resource(label, QUEUE, props);
  }

  /** A topic named after its stack and label. */
  SimFormas topic(String label) {
    ObjectNode props = NODES.objectNode();
    props.put("TopicName", queueName(stack, label));
    return resource(label, TOPIC, props);
  }

  /** A bucket named after its stack and label (lower case, as S3 wants). */
  SimFormas bucket(String label) {
    ObjectNode props = NODES.objectNode();
    props.put("BucketName", queueName(stack, label).toLowerCase(java.util.Locale.ROOT));
    return resource(label, BUCKET, props);
  }

  /** A bucket policy on {@code bucket}: the simulator refuses it unless that bucket exists. */
  SimFormas bucketPolicy(String label, String bucket) {
    ObjectNode props = NODES.objectNode();
    props.set("Bucket", ref(bucket, BUCKET, "BucketName"));
    props.set("PolicyDocument", NODES.objectNode().put("Version", "2012-10-17"));
    return resource(label, BUCKET_POLICY, props);
  }

  /** The forma as JSON text. */
  String json() {
    ObjectNode root = NODES.objectNode();
    root.putArray("Stacks").addObject().put("Label", stack);
    ObjectNode t = root.putArray("Targets").addObject();
    t.put("Label", target);
    t.put("Namespace", SimPlugin.NAMESPACE);
    t.putObject("Config");
    root.set("Resources", resources.deepCopy());
    return root.toString();
  }

  private ObjectNode queueProps(String label) {
    ObjectNode props = NODES.objectNode();
    props.put("QueueName", queueName(stack, label));
    return props;
  }

  private SimFormas resource(String label, String type, ObjectNode props) {
    ObjectNode r = resources.addObject();
    r.put("Label", label);
    r.put("Type", type);
    r.put("Stack", stack);
    r.put("Target", target);
    r.set("Properties", props);
    return this;
  }

  private static ObjectNode ref(String label, String type, String property) {
    ObjectNode r = NODES.objectNode();
    r.put("$res", true);
    r.put("$label", label);
    r.put("$type", type);
    r.put("$property", property);
    return r;
  }
}
