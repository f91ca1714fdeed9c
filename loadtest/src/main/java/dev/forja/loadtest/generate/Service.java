package dev.forja.loadtest.generate;

import static dev.forja.loadtest.generate.Draft.arr;
import static dev.forja.loadtest.generate.Draft.obj;
import static dev.forja.loadtest.generate.Draft.policy;
import static dev.forja.loadtest.generate.Draft.tags;
import static dev.forja.loadtest.generate.Draft.trust;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.loadtest.generate.Draft.Res;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * One team's service, the bulk of an enterprise account: a KMS key and its alias (naming the key's
 * {@code Arn}), a Lambda execution role that trusts {@code lambda.amazonaws.com} with a managed
 * policy attached, a few roles for other AWS services with inline policies, a bucket and its
 * policy, sometimes an ECR repository, a queue with its dead-letter queue and a topic feeding it,
 * sometimes a DynamoDB table, a secret, one to three functions with their log groups and an event
 * source mapping, a DNS record in the target's hosted zone (a new zone every few services), and
 * often EC2: a security group, an instance profile on an EC2 role, and instances in a private
 * subnet with a volume in the same availability zone and its attachment.
 */
final class Service {
  static final String KMS_KEY = "AWS::KMS::Key";
  static final String KMS_ALIAS = "AWS::KMS::Alias";
  static final String ROLE = "AWS::IAM::Role";
  static final String MANAGED_POLICY = "AWS::IAM::ManagedPolicy";
  static final String ROLE_POLICY = "AWS::IAM::RolePolicy";
  static final String INSTANCE_PROFILE = "AWS::IAM::InstanceProfile";
  static final String BUCKET = "AWS::S3::Bucket";
  static final String BUCKET_POLICY = "AWS::S3::BucketPolicy";
  static final String QUEUE = "AWS::SQS::Queue";
  static final String TOPIC = "AWS::SNS::Topic";
  static final String TABLE = "AWS::DynamoDB::Table";
  static final String SECRET = "AWS::SecretsManager::Secret";
  static final String LOG_GROUP = "AWS::Logs::LogGroup";
  static final String FUNCTION = "AWS::Lambda::Function";
  static final String EVENT_SOURCE_MAPPING = "AWS::Lambda::EventSourceMapping";
  static final String HOSTED_ZONE = "AWS::Route53::HostedZone";
  static final String RECORD_SET = "AWS::Route53::RecordSet";
  static final String INSTANCE = "AWS::EC2::Instance";
  static final String VOLUME = "AWS::EC2::Volume";
  static final String VOLUME_ATTACHMENT = "AWS::EC2::VolumeAttachment";
  static final String LAUNCH_TEMPLATE = "AWS::EC2::LaunchTemplate";
  static final String ECR_REPOSITORY = "AWS::ECR::Repository";

  /** A new hosted zone for every this many services of a target. */
  static final int SERVICES_PER_ZONE = 12;

  private static final List<String> TEAMS =
      List.of("payments", "search", "identity", "catalog", "ledger", "growth", "risk", "platform");
  private static final List<String> OTHER_PRINCIPALS =
      List.of(
          "ecs-tasks.amazonaws.com",
          "states.amazonaws.com",
          "events.amazonaws.com",
          "sagemaker.amazonaws.com",
          "glue.amazonaws.com");
  private static final List<Integer> RETENTION = List.of(7, 14, 30, 90, 365);
  private static final List<String> RUNTIMES = List.of("java17", "python3.12", "nodejs20.x");
  static final List<String> INSTANCE_TYPES = List.of("t3.micro", "t3.small", "m5.large");

  final Draft.Unit u;
  final Random rnd;
  final String tag;
  final String name;
  final String team;

  private Service(Draft.Unit u, Random rnd, String tag, String name, String team) {
    this.u = u;
    this.rnd = rnd;
    this.tag = tag;
    this.name = name;
    this.team = team;
  }

  /** What a service may use of its target: its zone so far and its networks. */
  static final class Site {
    final Draft.Target target;
    final List<Network> networks;
    Res zone;
    String zoneName;
    int services;

    Site(Draft.Target target, List<Network> networks) {
      this.target = target;
      this.networks = networks;
    }
  }

  /** Adds service {@code index} of the account, on {@code site}, to {@code draft}. */
  static void add(Draft draft, Site site, int index, String prefix, Random rnd) {
    String tag = String.format(Locale.ROOT, "s%04d", index);
    String team = TEAMS.get(rnd.nextInt(TEAMS.size()));
    Draft.Unit u = draft.unit("app", site.target);
    new Service(u, rnd, tag, prefix + "-" + tag, team).build(site, prefix);
    u.close();
    site.services++;
  }

  private void build(Site site, String prefix) {
    Res key =
        u.add(
            tag + "-key",
            KMS_KEY,
            obj(
                "Description",
                "data key of " + name,
                "EnableKeyRotation",
                rnd.nextBoolean(),
                "Tags",
                tags(name, team)));
    u.add(
        tag + "-key-alias",
        KMS_ALIAS,
        obj("AliasName", "alias/" + name, "TargetKeyId", u.ref(key, "Arn")));
    if (site.zone == null || site.services % SERVICES_PER_ZONE == 0) {
      String zoneName =
          String.format(Locale.ROOT, "%s-z%04d.perftest.internal", prefix, site.services)
              .toLowerCase(Locale.ROOT);
      site.zone =
          u.add(
              tag + "-zone",
              HOSTED_ZONE,
              obj(
                  "Name",
                  zoneName,
                  "HostedZoneConfig",
                  obj("Comment", "zone of " + team),
                  "HostedZoneTags",
                  arr(obj("Key", "team", "Value", team))));
      site.zoneName = zoneName;
    }
    Res lambdaRole = role("-fn-role", "lambda.amazonaws.com");
    Res bucket =
        u.add(
            tag + "-bucket",
            BUCKET,
            obj(
                "BucketName",
                (name + "-data").toLowerCase(Locale.ROOT),
                "VersioningConfiguration",
                obj("Status", rnd.nextBoolean() ? "Enabled" : "Suspended"),
                "Tags",
                tags(name + "-data", team)));
    u.add(
        tag + "-bucket-policy",
        BUCKET_POLICY,
        obj(
            "Bucket",
            u.ref(bucket, "BucketName"),
            "PolicyDocument",
            policy(arr("s3:GetObject"), u.ref(bucket, "Arn"))));
    if (rnd.nextInt(3) == 0) {
      u.add(
          tag + "-images",
          ECR_REPOSITORY,
          obj(
              "RepositoryName",
              (name + "/app").toLowerCase(Locale.ROOT),
              "ImageTagMutability",
              "IMMUTABLE",
              "ImageScanningConfiguration",
              obj("ScanOnPush", true),
              "Tags",
              tags(name + "-images", team)));
    }
    Res dlq =
        u.add(
            tag + "-dlq",
            QUEUE,
            obj(
                "QueueName",
                name + "-dlq",
                "MessageRetentionPeriod",
                1_209_600,
                "KmsMasterKeyId",
                u.ref(key, "Arn")));
    Res queue =
        u.add(
            tag + "-queue",
            QUEUE,
            obj(
                "QueueName",
                name + "-events",
                "VisibilityTimeout",
                30 + 30 * rnd.nextInt(10),
                "KmsMasterKeyId",
                u.ref(key, "Arn"),
                "RedrivePolicy",
                obj("deadLetterTargetArn", u.ref(dlq, "Arn"), "maxReceiveCount", 5)));
    u.add(
        tag + "-topic",
        TOPIC,
        obj(
            "TopicName",
            name + "-topic",
            "KmsMasterKeyId",
            u.ref(key, "Arn"),
            "Subscription",
            arr(obj("Endpoint", u.ref(queue, "Arn"), "Protocol", "sqs"))));
    Res table = null;
    if (rnd.nextInt(2) == 0) {
      table =
          u.add(
              tag + "-table",
              TABLE,
              obj(
                  "TableName",
                  name + "-items",
                  "BillingMode",
                  "PAY_PER_REQUEST",
                  "AttributeDefinitions",
                  arr(obj("AttributeName", "pk", "AttributeType", "S")),
                  "KeySchema",
                  arr(obj("AttributeName", "pk", "KeyType", "HASH")),
                  "Tags",
                  tags(name + "-items", team)));
    }
    u.add(
        tag + "-secret",
        SECRET,
        obj(
            "Name",
            prefix + "/" + tag + "/db",
            "Description",
            "database credentials of " + name,
            "KmsKeyId",
            u.ref(key, "Arn"),
            "SecretString",
            obj("$visibility", "Opaque", "$value", Long.toHexString(rnd.nextLong())),
            "Tags",
            tags(name + "-db", team)));
    ObjectNode access =
        policy(
            arr("sqs:ReceiveMessage", "sqs:DeleteMessage", "s3:GetObject"),
            arr(u.ref(queue, "Arn"), u.ref(bucket, "Arn")));
    u.add(
        tag + "-fn-policy",
        MANAGED_POLICY,
        obj(
            "ManagedPolicyName",
            name + "-fn-access",
            "PolicyDocument",
            access,
            "Roles",
            arr(u.ref(lambdaRole, "RoleName"))));
    int others = rnd.nextInt(3);
    for (int i = 0; i < others; i++) {
      String service = OTHER_PRINCIPALS.get(rnd.nextInt(OTHER_PRINCIPALS.size()));
      Res other = role("-role-" + i, service);
      u.add(
          tag + "-role-" + i + "-policy",
          ROLE_POLICY,
          obj(
              "PolicyName",
              name + "-inline-" + i,
              "RoleName",
              u.ref(other, "RoleName"),
              "PolicyDocument",
              policy(arr("s3:ListBucket"), u.ref(bucket, "Arn"))));
    }
    int functions = 1 + rnd.nextInt(3);
    for (int f = 0; f < functions; f++) {
      function(f, key, lambdaRole, queue, table);
    }
    if (site.zone != null) {
      u.add(
          tag + "-dns",
          RECORD_SET,
          obj(
              "HostedZoneId",
              u.ref(site.zone, "Id"),
              "Name",
              tag + "." + site.zoneName,
              "Type",
              "CNAME",
              "TTL",
              "300",
              "ResourceRecords",
              arr(u.ref(bucket, "RegionalDomainName"))));
    }
    if (!site.networks.isEmpty() && rnd.nextInt(5) < 2) {
      Compute.add(this, site.networks.get(site.services % site.networks.size()), key);
    }
  }

  /** A role that {@code service} may assume. */
  Res role(String suffix, String service) {
    return u.add(
        tag + suffix,
        ROLE,
        obj(
            "RoleName",
            name + suffix,
            "Description",
            "assumed by " + service,
            "AssumeRolePolicyDocument",
            trust(service),
            "Tags",
            tags(name + suffix, team)));
  }

  private void function(int f, Res key, Res role, Res queue, Res table) {
    String fn = name + "-fn" + f;
    u.add(
        tag + "-fn" + f + "-logs",
        LOG_GROUP,
        obj(
            "LogGroupName",
            "/aws/lambda/" + fn,
            "RetentionInDays",
            RETENTION.get(rnd.nextInt(RETENTION.size())),
            "KmsKeyId",
            u.ref(key, "Arn")));
    ObjectNode variables = obj("QUEUE_URL", u.ref(queue, "QueueUrl"));
    if (table != null) {
      variables.set("TABLE", u.ref(table, "TableName"));
    }
    Res function =
        u.add(
            tag + "-fn" + f,
            FUNCTION,
            obj(
                "FunctionName",
                fn,
                "Runtime",
                RUNTIMES.get(rnd.nextInt(RUNTIMES.size())),
                "Handler",
                "index.handler",
                "MemorySize",
                128 * (1 + rnd.nextInt(8)),
                "Timeout",
                30,
                "Role",
                u.ref(role, "Arn"),
                "KmsKeyArn",
                u.ref(key, "Arn"),
                "Code",
                obj("S3Bucket", "artifacts-" + team, "S3Key", fn + ".zip"),
                "Environment",
                obj("Variables", variables),
                "Tags",
                tags(fn, team)));
    if (f == 0) {
      u.add(
          tag + "-fn0-events",
          EVENT_SOURCE_MAPPING,
          obj(
              "FunctionName",
              u.ref(function, "Arn"),
              "EventSourceArn",
              u.ref(queue, "Arn"),
              "BatchSize",
              1 + rnd.nextInt(10)));
    }
  }
}
