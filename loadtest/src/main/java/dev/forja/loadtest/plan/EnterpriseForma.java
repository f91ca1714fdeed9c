package dev.forja.loadtest.plan;

import static dev.forja.loadtest.plan.AwsTypes.BUCKET;
import static dev.forja.loadtest.plan.AwsTypes.BUCKET_POLICY;
import static dev.forja.loadtest.plan.AwsTypes.EC2_INSTANCE;
import static dev.forja.loadtest.plan.AwsTypes.EVENT_SOURCE_MAPPING;
import static dev.forja.loadtest.plan.AwsTypes.FUNCTION;
import static dev.forja.loadtest.plan.AwsTypes.GATEWAY_ATTACHMENT;
import static dev.forja.loadtest.plan.AwsTypes.HOSTED_ZONE;
import static dev.forja.loadtest.plan.AwsTypes.INSTANCE_PROFILE;
import static dev.forja.loadtest.plan.AwsTypes.INTERNET_GATEWAY;
import static dev.forja.loadtest.plan.AwsTypes.KMS_ALIAS;
import static dev.forja.loadtest.plan.AwsTypes.KMS_KEY;
import static dev.forja.loadtest.plan.AwsTypes.LOG_GROUP;
import static dev.forja.loadtest.plan.AwsTypes.MANAGED_POLICY;
import static dev.forja.loadtest.plan.AwsTypes.QUEUE;
import static dev.forja.loadtest.plan.AwsTypes.RECORD_SET;
import static dev.forja.loadtest.plan.AwsTypes.ROLE;
import static dev.forja.loadtest.plan.AwsTypes.ROUTE;
import static dev.forja.loadtest.plan.AwsTypes.ROUTE_TABLE;
import static dev.forja.loadtest.plan.AwsTypes.ROUTE_TABLE_ASSOCIATION;
import static dev.forja.loadtest.plan.AwsTypes.SECRET;
import static dev.forja.loadtest.plan.AwsTypes.SECURITY_GROUP;
import static dev.forja.loadtest.plan.AwsTypes.SUBNET;
import static dev.forja.loadtest.plan.AwsTypes.VPC;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.model.Description;
import dev.forja.engine.model.Forma;
import dev.forja.engine.model.OpaqueValue;
import dev.forja.engine.model.Resource;
import dev.forja.engine.model.ResourceRef;
import dev.forja.engine.model.Stack;
import dev.forja.engine.model.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A forma shaped like an enterprise AWS estate, generated from a seed: the same count and seed give
 * the same forma, byte for byte once serialized.
 *
 * <p>Three kinds of stacks, each at most {@link #MAX_STACK_SIZE} resources and bound to one of two
 * regions:
 *
 * <ul>
 *   <li>network: VPCs with an internet gateway and its attachment, a route table and default route,
 *       subnets across three availability zones with their route table associations, and security
 *       groups whose ingress rules reference each other;
 *   <li>dns: hosted zones and record sets, the records referencing their zone's {@code Id} and
 *       naming it by {@code HostedZoneName} (the PARENT edge);
 *   <li>app: one service after another: an execution role, a managed policy attached to it, a KMS
 *       key and alias, a log group, a bucket and its policy, queues with a dead-letter queue, a
 *       secret, Lambda functions in a network stack's subnets and security groups (cross-stack
 *       references), an event source mapping, sometimes an instance with an instance profile that
 *       names its role (the ATTACHES_TO edge), and a record set in a dns stack's zone.
 * </ul>
 */
final class EnterpriseForma {
  static final int MAX_STACK_SIZE = 300;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> REGIONS = List.of("us-east-1", "eu-west-1");
  private static final List<String> TEAMS =
      List.of("payments", "search", "identity", "catalog", "ledger", "growth", "risk", "platform");

  private final Random rnd;
  private final int count;
  private final List<Resource> resources = new ArrayList<>();
  private final List<Stack> stacks = new ArrayList<>();
  private final Map<String, StackFill> current = new HashMap<>();
  private final Map<String, Integer> stacksOfKind = new HashMap<>();
  private final List<List<Network>> networks = new ArrayList<>();
  private final List<Zone> zones = new ArrayList<>();
  private int vpcs;
  private int services;

  private EnterpriseForma(int count, long seed) {
    this.count = count;
    this.rnd = new Random(seed);
    REGIONS.forEach(r -> networks.add(new ArrayList<>()));
  }

  /** A forma of exactly {@code count} resources. */
  static Forma generate(int count, long seed) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    return new EnterpriseForma(count, seed).run(seed);
  }

  /** The forma as JSON, the way the API and the CLI receive one. */
  static String json(Forma forma) {
    try {
      return new ObjectMapper().writeValueAsString(forma);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize the generated forma", e);
    }
  }

  private Forma run(long seed) {
    for (int unit = 0; resources.size() < count; unit++) {
      // Each region first gets a network, then a zone, so that apps have something to use.
      if (unit < REGIONS.size()) {
        network(unit);
        continue;
      }
      if (unit < 2 * REGIONS.size()) {
        dns(unit - REGIONS.size());
        continue;
      }
      int region = rnd.nextInt(REGIONS.size());
      int roll = rnd.nextInt(100);
      if (roll < 7) {
        network(region);
      } else if (roll < 14) {
        dns(region);
      } else {
        app(region);
      }
    }
    List<Target> targets = new ArrayList<>();
    for (String region : REGIONS) {
      ObjectNode config = NODES.objectNode().put("Region", region);
      targets.add(new Target("aws-" + region, "AWS", config, true));
    }
    return new Forma(
        new Description(
            "generated enterprise estate: " + count + " resources, seed " + seed, false),
        stacks,
        targets,
        resources);
  }

  // ---- units -------------------------------------------------------------------------------

  private void network(int region) {
    int v = vpcs++;
    String tag = "vpc" + v;
    Place p = place("network", region, 21);
    String vpc = add(p, VPC, tag, props("CidrBlock", cidr(v, -1), "EnableDnsSupport", true));
    String igw = add(p, INTERNET_GATEWAY, tag + "-igw", props());
    add(
        p,
        GATEWAY_ATTACHMENT,
        tag + "-igw-attachment",
        props("VpcId", ref(vpc, "VpcId"), "InternetGatewayId", ref(igw, "InternetGatewayId")));
    String rt = add(p, ROUTE_TABLE, tag + "-public-rt", props("VpcId", ref(vpc, "VpcId")));
    add(
        p,
        ROUTE,
        tag + "-default-route",
        props(
            "RouteTableId",
            ref(rt, "RouteTableId"),
            "DestinationCidrBlock",
            "0.0.0.0/0",
            "GatewayId",
            ref(igw, "InternetGatewayId")));
    Network net = new Network(p.stack, new ArrayList<>(), new ArrayList<>());
    String az = REGIONS.get(region);
    for (int s = 0; s < 6; s++) {
      String subnet =
          add(
              p,
              SUBNET,
              tag + "-subnet-" + s,
              props(
                  "VpcId",
                  ref(vpc, "VpcId"),
                  "CidrBlock",
                  cidr(v, s),
                  "AvailabilityZone",
                  az + (char) ('a' + s % 3),
                  "MapPublicIpOnLaunch",
                  s < 2));
      net.subnets.add(subnet);
      add(
          p,
          ROUTE_TABLE_ASSOCIATION,
          tag + "-subnet-" + s + "-rta",
          props("SubnetId", ref(subnet, "SubnetId"), "RouteTableId", ref(rt, "RouteTableId")));
    }
    String[] roles = {"alb", "web", "app", "db"};
    for (int g = 0; g < roles.length; g++) {
      ArrayNode ingress = NODES.arrayNode();
      if (g == 0) {
        ingress.add(rule(443, NODES.textNode("0.0.0.0/0"), "CidrIp"));
      } else {
        String from = net.securityGroups.get(g - 1);
        ingress.add(rule(8080 + g, ref(from, "GroupId"), "SourceSecurityGroupId"));
      }
      String sg =
          add(
              p,
              SECURITY_GROUP,
              tag + "-" + roles[g] + "-sg",
              props(
                  "VpcId",
                  ref(vpc, "VpcId"),
                  "GroupName",
                  tag + "-" + roles[g],
                  "GroupDescription",
                  roles[g] + " tier of " + tag,
                  "SecurityGroupIngress",
                  ingress));
      net.securityGroups.add(sg);
    }
    networks.get(region).add(net);
  }

  private void dns(int region) {
    int records = 5 + rnd.nextInt(6);
    Place p = place("dns", region, 1 + records);
    String name = "z" + zones.size() + "." + TEAMS.get(rnd.nextInt(TEAMS.size())) + ".example.com.";
    String zone =
        add(
            p,
            HOSTED_ZONE,
            "zone-" + zones.size(),
            props("Name", name, "HostedZoneConfig", props("Comment", "zone " + name)));
    Zone z = new Zone(p.stack, zone, name);
    zones.add(z);
    for (int r = 0; r < records; r++) {
      add(
          p,
          RECORD_SET,
          zone + "-rec-" + r,
          recordSet(p, z, "host" + r + "." + name, "A", values("10.0." + r + "." + (r + 10))));
    }
  }

  private void app(int region) {
    int s = services++;
    String team = TEAMS.get(rnd.nextInt(TEAMS.size()));
    String svc = team + "-svc" + s;
    int functions = 1 + rnd.nextInt(3);
    boolean instance = rnd.nextInt(3) == 0;
    Place p = place("app", region, 11 + 2 * functions + (instance ? 2 : 0));
    Network net = networks.get(region).get(rnd.nextInt(networks.get(region).size()));

    String roleName = svc + "-exec";
    String role =
        add(
            p,
            ROLE,
            svc + "-role",
            props(
                "RoleName",
                roleName,
                "Path",
                "/services/",
                "AssumeRolePolicyDocument",
                policy("sts:AssumeRole", NODES.textNode("*")),
                "ManagedPolicyArns",
                NODES
                    .arrayNode()
                    .add("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")));
    String key =
        add(
            p,
            KMS_KEY,
            svc + "-key",
            props(
                "KeySpec",
                "SYMMETRIC_DEFAULT",
                "EnableKeyRotation",
                true,
                "KeyPolicy",
                policy("kms:*", NODES.textNode("*"))));
    add(
        p,
        KMS_ALIAS,
        svc + "-key-alias",
        props("AliasName", "alias/" + svc, "TargetKeyId", ref(key, "Arn")));
    add(
        p,
        MANAGED_POLICY,
        svc + "-policy",
        props(
            "ManagedPolicyName",
            svc + "-access",
            "PolicyDocument",
            policy("kms:Decrypt", ref(key, "Arn")),
            "Roles",
            NODES.arrayNode().add(ref(role, "RoleName"))));
    String logs =
        add(
            p,
            LOG_GROUP,
            svc + "-logs",
            props(
                "LogGroupName",
                "/aws/lambda/" + svc,
                "RetentionInDays",
                30,
                "KmsKeyId",
                ref(key, "Arn")));
    String bucket =
        add(
            p,
            BUCKET,
            svc + "-bucket",
            props(
                "BucketName",
                svc + "-data-" + Integer.toHexString(rnd.nextInt()),
                "VersioningConfiguration",
                props("Status", "Enabled"),
                "BucketEncryption",
                props(
                    "ServerSideEncryptionConfiguration",
                    NODES
                        .arrayNode()
                        .add(
                            props(
                                "ServerSideEncryptionByDefault",
                                props(
                                    "SSEAlgorithm",
                                    "aws:kms",
                                    "KMSMasterKeyID",
                                    ref(key, "Arn"))))),
                "Tags",
                tags(team, svc)));
    add(
        p,
        BUCKET_POLICY,
        svc + "-bucket-policy",
        props(
            "Bucket",
            ref(bucket, "BucketName"),
            "PolicyDocument",
            policy("s3:GetObject", ref(bucket, "Arn"))));
    String dlq =
        add(
            p,
            QUEUE,
            svc + "-dlq",
            props("QueueName", svc + "-dlq", "KmsMasterKeyId", ref(key, "Arn")));
    String queue =
        add(
            p,
            QUEUE,
            svc + "-queue",
            props(
                "QueueName",
                svc + "-events",
                "VisibilityTimeout",
                60,
                "KmsMasterKeyId",
                ref(key, "Arn"),
                "RedrivePolicy",
                props("deadLetterTargetArn", ref(dlq, "Arn"), "maxReceiveCount", 5)));
    String secret =
        add(
            p,
            SECRET,
            svc + "-secret",
            props(
                "Name",
                svc + "/db-password",
                "KmsKeyId",
                ref(key, "Arn"),
                "SecretString",
                new OpaqueValue(NODES.textNode(Long.toHexString(rnd.nextLong())), null).toJson()));
    String firstFunction = null;
    for (int f = 0; f < functions; f++) {
      ArrayNode subnets = NODES.arrayNode();
      subnets.add(ref(p, net.stack, net.subnets.get(2 + 2 * (f % 2)), "SubnetId"));
      subnets.add(ref(p, net.stack, net.subnets.get(3 + 2 * (f % 2)), "SubnetId"));
      String fn =
          add(
              p,
              FUNCTION,
              svc + "-fn" + f,
              props(
                  "FunctionName",
                  svc + "-fn" + f,
                  "Runtime",
                  "java17",
                  "Handler",
                  "dev.example.Handler::handle",
                  "MemorySize",
                  512 * (1 + f),
                  "Role",
                  ref(role, "Arn"),
                  "KmsKeyArn",
                  ref(key, "Arn"),
                  "LoggingConfig",
                  props("LogGroup", ref(logs, "LogGroupName")),
                  "VpcConfig",
                  props(
                      "SubnetIds",
                      subnets,
                      "SecurityGroupIds",
                      NODES
                          .arrayNode()
                          .add(ref(p, net.stack, net.securityGroups.get(2), "GroupId"))),
                  "Environment",
                  props(
                      "Variables",
                      props(
                          "QUEUE_URL",
                          ref(queue, "QueueUrl"),
                          "BUCKET",
                          ref(bucket, "BucketName"),
                          "SECRET_ARN",
                          ref(secret, "Id"))),
                  "Tags",
                  tags(team, svc)));
      if (firstFunction == null) {
        firstFunction = fn;
      }
      add(
          p,
          EVENT_SOURCE_MAPPING,
          svc + "-fn" + f + "-events",
          props(
              "FunctionName",
              ref(fn, "Arn"),
              "EventSourceArn",
              ref(queue, "Arn"),
              "BatchSize",
              10));
    }
    String target = firstFunction;
    String targetProperty = "Arn";
    if (instance) {
      // Named by its role's name, not a reference: the ATTACHES_TO edge orders the two.
      String profile =
          add(
              p,
              INSTANCE_PROFILE,
              svc + "-profile",
              props(
                  "InstanceProfileName",
                  svc + "-profile",
                  "Roles",
                  NODES.arrayNode().add(roleName)));
      target =
          add(
              p,
              EC2_INSTANCE,
              svc + "-host",
              props(
                  "ImageId",
                  "ami-0" + Long.toHexString(rnd.nextLong() & 0xffffffffL),
                  "InstanceType",
                  "m6i.large",
                  "SubnetId",
                  ref(p, net.stack, net.subnets.get(2), "SubnetId"),
                  "SecurityGroupIds",
                  NODES.arrayNode().add(ref(p, net.stack, net.securityGroups.get(1), "GroupId")),
                  "IamInstanceProfile",
                  ref(profile, "InstanceProfileName"),
                  "Tags",
                  tags(team, svc)));
      targetProperty = "PrivateIp";
    }
    Zone z = zones.get(rnd.nextInt(zones.size()));
    add(
        p,
        RECORD_SET,
        svc + "-dns",
        recordSet(
            p,
            z,
            svc + "." + z.name,
            instance ? "A" : "TXT",
            NODES.arrayNode().add(ref(target, targetProperty))));
  }

  // ---- placement ---------------------------------------------------------------------------

  /** Where the next unit goes: the kind's current stack in the region, or a new one. */
  private Place place(String kind, int region, int unitSize) {
    String slot = kind + "/" + region;
    StackFill fill = current.get(slot);
    if (fill == null || fill.size + Math.min(unitSize, MAX_STACK_SIZE) > MAX_STACK_SIZE) {
      int n = stacksOfKind.merge(kind, 1, Integer::sum);
      String label = String.format(Locale.ROOT, "%s-%s-%02d", kind, REGIONS.get(region), n);
      stacks.add(new Stack(label, kind + " stack " + n + " in " + REGIONS.get(region)));
      fill = new StackFill(label);
      current.put(slot, fill);
    }
    return new Place(fill, "aws-" + REGIONS.get(region));
  }

  /**
   * Adds a resource unless the forma is full; returns its label either way. The forma fills up only
   * in its last unit, whose later resources no one references.
   */
  private String add(Place p, String type, String label, ObjectNode properties) {
    if (resources.size() < count) {
      if (p.fill.size == MAX_STACK_SIZE) {
        throw new IllegalStateException("a unit outgrew its size estimate in " + p.stack);
      }
      resources.add(new Resource(label, type, p.stack, p.target, properties));
      p.fill.size++;
    }
    return label;
  }

  // ---- property values ---------------------------------------------------------------------

  private ObjectNode recordSet(Place p, Zone z, String name, String type, ArrayNode values) {
    return props(
        "HostedZoneId",
        ref(p, z.stack, z.label, "Id"),
        "HostedZoneName",
        z.name,
        "Name",
        name,
        "Type",
        type,
        "TTL",
        300,
        "ResourceRecords",
        values);
  }

  private static ArrayNode values(String... v) {
    ArrayNode a = NODES.arrayNode();
    for (String s : v) {
      a.add(s);
    }
    return a;
  }

  private static String cidr(int vpc, int subnet) {
    int a = 10 + vpc / 256;
    int b = vpc % 256;
    return subnet < 0 ? a + "." + b + ".0.0/16" : a + "." + b + "." + (subnet * 32) + ".0/19";
  }

  private static ObjectNode rule(int port, JsonNode source, String sourceField) {
    return props("IpProtocol", "tcp", "FromPort", port, "ToPort", port, sourceField, source);
  }

  private static ObjectNode policy(String action, JsonNode resource) {
    return props(
        "Version",
        "2012-10-17",
        "Statement",
        NODES.arrayNode().add(props("Effect", "Allow", "Action", action, "Resource", resource)));
  }

  private static ArrayNode tags(String team, String service) {
    return NODES
        .arrayNode()
        .add(props("Key", "team", "Value", team))
        .add(props("Key", "service", "Value", service))
        .add(props("Key", "cost-center", "Value", "cc-" + Math.floorMod(team.hashCode(), 900)));
  }

  /** A reference within the referring resource's stack ({@code $stack} left out). */
  private static ObjectNode ref(String label, String property) {
    return refJson(label, null, property);
  }

  /** A reference to another stack's resource; same-stack targets leave {@code $stack} out. */
  private static ObjectNode ref(Place p, String stack, String label, String property) {
    return refJson(label, stack.equals(p.stack) ? null : stack, property);
  }

  private static ObjectNode refJson(String label, String stack, String property) {
    ObjectNode n = NODES.objectNode();
    n.put(ResourceRef.MARKER, true);
    n.put("$label", label);
    if (stack != null) {
      n.put("$stack", stack);
    }
    n.put("$property", property);
    return n;
  }

  /** Properties from alternating names and values: texts, numbers, booleans or JSON nodes. */
  private static ObjectNode props(Object... kv) {
    ObjectNode o = NODES.objectNode();
    for (int i = 0; i < kv.length; i += 2) {
      String k = (String) kv[i];
      Object v = kv[i + 1];
      if (v instanceof JsonNode n) {
        o.set(k, n);
      } else if (v instanceof Integer n) {
        o.put(k, n);
      } else if (v instanceof Boolean b) {
        o.put(k, b);
      } else {
        o.put(k, String.valueOf(v));
      }
    }
    return o;
  }

  // ---- bookkeeping -------------------------------------------------------------------------

  /** How full a stack is. */
  private static final class StackFill {
    final String label;
    int size;

    StackFill(String label) {
      this.label = label;
    }
  }

  /** Where a unit's resources go. */
  private static final class Place {
    final StackFill fill;
    final String stack;
    final String target;

    Place(StackFill fill, String target) {
      this.fill = fill;
      this.stack = fill.label;
      this.target = target;
    }
  }

  /** A network stack's subnets and security groups, for apps to reference. */
  private record Network(String stack, List<String> subnets, List<String> securityGroups) {}

  /** A hosted zone, for record sets to reference and name. */
  private record Zone(String stack, String label, String name) {}
}
