package dev.forja.actors.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Formas of any size for the simulator, generated from a seed: the same count and seed give the
 * same JSON, byte for byte. Resources come in services of up to {@value #SERVICE_SIZE}, each a
 * small application whose references give the graph depth five:
 *
 * <pre>
 *  key ──► dead-letter queue ──► queue ──► function ──► event source mapping
 *   │                             ├──► role policy (also on the role, which holds it)
 *   ├──► alias, log group         └──► topic subscription
 *  bucket ──► bucket policy        role ──► function
 * </pre>
 *
 * <p>Services fill stacks of at most {@value #MAX_STACK_SIZE} resources, all on one SIM target
 * ({@value #TARGET}). Every name the cloud sees carries the seed, so formas of different seeds can
 * share one simulator. Only the last service may be cut short, and it keeps its leading resources,
 * which no dropped one is referenced by.
 */
public final class GeneratedForma {
  /** The label of the one target. */
  public static final String TARGET = "sim";

  /** The most resources one stack holds. */
  public static final int MAX_STACK_SIZE = 200;

  /** The resources of one full service. */
  public static final int SERVICE_SIZE = 12;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<Integer> RETENTION = List.of(1, 3, 7, 14, 30, 90);

  private final int count;
  private final Random rnd;
  private final String prefix;
  private final ArrayNode stacks = NODES.arrayNode();
  private final ArrayNode resources = NODES.arrayNode();
  private String stack;
  private int stackSize;

  private GeneratedForma(int count, long seed) {
    this.count = count;
    this.rnd = new Random(seed);
    this.prefix = "g" + Long.toUnsignedString(seed, 36);
  }

  /** A forma of exactly {@code count} resources, as JSON. */
  public static String json(int count, long seed) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    return new GeneratedForma(count, seed).generate(seed);
  }

  private String generate(long seed) {
    for (int s = 0; resources.size() < count; s++) {
      service(s);
    }
    ObjectNode forma = NODES.objectNode();
    forma.put("Description", count + " generated resources, seed " + seed);
    forma.set("Stacks", stacks);
    ObjectNode target = NODES.objectNode();
    target.put("Label", TARGET);
    target.put("Namespace", "SIM");
    target.set("Config", NODES.objectNode().put("Region", "us-east-1"));
    forma.set("Targets", NODES.arrayNode().add(target));
    forma.set("Resources", resources);
    try {
      return new ObjectMapper().writeValueAsString(forma);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the generated forma", e);
    }
  }

  /** One service, producers before their consumers so that a cut keeps references valid. */
  private void service(int s) {
    place(Math.min(SERVICE_SIZE, count - resources.size()));
    String svc = String.format(Locale.ROOT, "svc%04d", s);
    String name = prefix + "-" + svc;
    String key =
        add(
            svc + "-key",
            "AWS::KMS::Key",
            props("KeySpec", "SYMMETRIC_DEFAULT", "EnableKeyRotation", rnd.nextBoolean()));
    String role =
        add(
            svc + "-role",
            "AWS::IAM::Role",
            props(
                "RoleName",
                name + "-role",
                "AssumeRolePolicyDocument",
                policy("sts:AssumeRole", NODES.textNode("*"))));
    String bucket =
        add(
            svc + "-bucket",
            "AWS::S3::Bucket",
            props(
                "BucketName",
                name.toLowerCase(Locale.ROOT) + "-data",
                "VersioningConfiguration",
                props("Status", rnd.nextBoolean() ? "Enabled" : "Suspended")));
    String dlq =
        add(
            svc + "-dlq",
            "AWS::SQS::Queue",
            props("QueueName", name + "-dlq", "KmsMasterKeyId", ref(key, "Arn")));
    String queue =
        add(
            svc + "-queue",
            "AWS::SQS::Queue",
            props(
                "QueueName",
                name + "-events",
                "VisibilityTimeout",
                30 + 30 * rnd.nextInt(10),
                "RedrivePolicy",
                props("deadLetterTargetArn", ref(dlq, "Arn"), "maxReceiveCount", 5)));
    add(
        svc + "-key-alias",
        "AWS::KMS::Alias",
        props("AliasName", "alias/" + name, "TargetKeyId", ref(key, "Arn")));
    add(
        svc + "-consume",
        "AWS::IAM::RolePolicy",
        props(
            "PolicyName",
            name + "-consume",
            "RoleName",
            ref(role, "RoleName"),
            "PolicyDocument",
            policy("sqs:ReceiveMessage", ref(queue, "Arn"))));
    add(
        svc + "-bucket-policy",
        "AWS::S3::BucketPolicy",
        props(
            "Bucket",
            ref(bucket, "BucketName"),
            "PolicyDocument",
            policy("s3:GetObject", ref(bucket, "Arn"))));
    add(
        svc + "-topic",
        "AWS::SNS::Topic",
        props(
            "TopicName",
            name + "-topic",
            "Subscription",
            NODES.arrayNode().add(props("Endpoint", ref(queue, "Arn"), "Protocol", "sqs"))));
    add(
        svc + "-logs",
        "AWS::Logs::LogGroup",
        props(
            "LogGroupName",
            "/forja/" + prefix + "/" + svc,
            "RetentionInDays",
            RETENTION.get(rnd.nextInt(RETENTION.size())),
            "KmsKeyId",
            ref(key, "Arn")));
    String function =
        add(
            svc + "-fn",
            "AWS::Lambda::Function",
            props(
                "FunctionName",
                name + "-fn",
                "Runtime",
                "java17",
                "Handler",
                "dev.example.Handler::handle",
                "MemorySize",
                256 * (1 + rnd.nextInt(4)),
                "Role",
                ref(role, "Arn"),
                "Environment",
                props("Variables", props("QUEUE_URL", ref(queue, "QueueUrl")))));
    add(
        svc + "-events",
        "AWS::Lambda::EventSourceMapping",
        props(
            "FunctionName",
            ref(function, "Arn"),
            "EventSourceArn",
            ref(queue, "Arn"),
            "BatchSize",
            1 + rnd.nextInt(10)));
  }

  /** Opens a new stack unless the current one has room for {@code size} more resources. */
  private void place(int size) {
    if (stack == null || stackSize + size > MAX_STACK_SIZE) {
      stack = String.format(Locale.ROOT, "%s-stack-%02d", prefix, stacks.size());
      stacks.add(props("Label", stack, "Description", "generated services"));
      stackSize = 0;
    }
  }

  /** Adds a resource unless the forma is full; returns its label either way. */
  private String add(String label, String type, ObjectNode properties) {
    if (resources.size() < count) {
      ObjectNode r = NODES.objectNode();
      r.put("Label", label);
      r.put("Type", type);
      r.put("Stack", stack);
      r.put("Target", TARGET);
      r.set("Properties", properties);
      resources.add(r);
      stackSize++;
    }
    return label;
  }

  private ObjectNode ref(String label, String property) {
    ObjectNode r = NODES.objectNode();
    r.put("$res", true);
    r.put("$label", label);
    r.put("$stack", stack);
    r.put("$property", property);
    return r;
  }

  private static ObjectNode policy(String action, com.fasterxml.jackson.databind.JsonNode on) {
    ObjectNode statement = props("Effect", "Allow", "Action", action);
    statement.set("Resource", on);
    return props("Version", "2012-10-17", "Statement", NODES.arrayNode().add(statement));
  }

  /** An object of alternating names and values (text, number, boolean or JSON). */
  private static ObjectNode props(Object... kv) {
    ObjectNode n = NODES.objectNode();
    for (int i = 0; i < kv.length; i += 2) {
      String k = (String) kv[i];
      Object v = kv[i + 1];
      if (v instanceof com.fasterxml.jackson.databind.JsonNode j) {
        n.set(k, j);
      } else if (v instanceof String t) {
        n.put(k, t);
      } else if (v instanceof Integer x) {
        n.put(k, x);
      } else if (v instanceof Boolean b) {
        n.put(k, b);
      } else {
        throw new IllegalArgumentException("unsupported value " + v);
      }
    }
    return n;
  }
}
