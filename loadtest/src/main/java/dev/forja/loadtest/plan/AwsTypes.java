package dev.forja.loadtest.plan;

import dev.forja.engine.schema.EdgeKind;
import dev.forja.engine.schema.FieldHint;
import dev.forja.engine.schema.ResourceTypeSchema;
import dev.forja.engine.schema.SchemaRegistry;
import dev.forja.engine.schema.TypeEdge;
import dev.forja.engine.schema.UpdateMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The AWS types the generated forma uses, with schemas shaped like the AWS plugin's: identifiers,
 * CreateOnly fields, collections merged by method, a PARENT edge (RecordSet in HostedZone, by zone
 * name) and ATTACHES_TO edges (InstanceProfile to Role by role name, gateway attachment to its
 * gateway).
 */
final class AwsTypes {
  static final String VPC = "AWS::EC2::VPC";
  static final String INTERNET_GATEWAY = "AWS::EC2::InternetGateway";
  static final String GATEWAY_ATTACHMENT = "AWS::EC2::VPCGatewayAttachment";
  static final String ROUTE_TABLE = "AWS::EC2::RouteTable";
  static final String ROUTE = "AWS::EC2::Route";
  static final String SUBNET = "AWS::EC2::Subnet";
  static final String ROUTE_TABLE_ASSOCIATION = "AWS::EC2::SubnetRouteTableAssociation";
  static final String SECURITY_GROUP = "AWS::EC2::SecurityGroup";
  static final String EC2_INSTANCE = "AWS::EC2::Instance";
  static final String ROLE = "AWS::IAM::Role";
  static final String MANAGED_POLICY = "AWS::IAM::ManagedPolicy";
  static final String INSTANCE_PROFILE = "AWS::IAM::InstanceProfile";
  static final String KMS_KEY = "AWS::KMS::Key";
  static final String KMS_ALIAS = "AWS::KMS::Alias";
  static final String BUCKET = "AWS::S3::Bucket";
  static final String BUCKET_POLICY = "AWS::S3::BucketPolicy";
  static final String HOSTED_ZONE = "AWS::Route53::HostedZone";
  static final String RECORD_SET = "AWS::Route53::RecordSet";
  static final String FUNCTION = "AWS::Lambda::Function";
  static final String EVENT_SOURCE_MAPPING = "AWS::Lambda::EventSourceMapping";
  static final String QUEUE = "AWS::SQS::Queue";
  static final String LOG_GROUP = "AWS::Logs::LogGroup";
  static final String SECRET = "AWS::SecretsManager::Secret";

  private AwsTypes() {}

  /** The registry of every type above. */
  static SchemaRegistry registry() {
    List<ResourceTypeSchema> s = new ArrayList<>();
    s.add(schema(VPC, "VpcId", List.of("CidrBlock"), List.of()));
    s.add(schema(INTERNET_GATEWAY, "InternetGatewayId", List.of(), List.of()));
    s.add(
        schema(
            GATEWAY_ATTACHMENT,
            "Id",
            List.of("VpcId", "InternetGatewayId"),
            List.of(
                new TypeEdge(
                    EdgeKind.ATTACHES_TO,
                    "InternetGatewayId",
                    INTERNET_GATEWAY,
                    "InternetGatewayId"))));
    s.add(schema(ROUTE_TABLE, "RouteTableId", List.of("VpcId"), List.of()));
    s.add(schema(ROUTE, "Id", List.of("RouteTableId", "DestinationCidrBlock"), List.of()));
    s.add(schema(SUBNET, "SubnetId", List.of("VpcId", "CidrBlock", "AvailabilityZone"), List.of()));
    s.add(schema(ROUTE_TABLE_ASSOCIATION, "Id", List.of("SubnetId", "RouteTableId"), List.of()));
    s.add(
        schema(
            SECURITY_GROUP,
            "GroupId",
            List.of("VpcId", "GroupDescription", "GroupName"),
            List.of(),
            Map.of("SecurityGroupIngress", FieldHint.collection(UpdateMethod.SET, null))));
    s.add(
        schema(
            EC2_INSTANCE,
            "InstanceId",
            List.of("ImageId", "SubnetId", "AvailabilityZone"),
            List.of(),
            Map.of("SecurityGroupIds", FieldHint.collection(UpdateMethod.SET, null))));
    s.add(
        schema(
            ROLE,
            "Arn",
            List.of("RoleName", "Path"),
            List.of(),
            Map.of(
                "ManagedPolicyArns", FieldHint.collection(UpdateMethod.SET, null),
                "MaxSessionDuration", FieldHint.providerDefault())));
    s.add(
        schema(
            MANAGED_POLICY,
            "PolicyArn",
            List.of("ManagedPolicyName"),
            List.of(),
            Map.of("Roles", FieldHint.collection(UpdateMethod.SET, null))));
    s.add(
        schema(
            INSTANCE_PROFILE,
            "Arn",
            List.of("InstanceProfileName"),
            List.of(new TypeEdge(EdgeKind.ATTACHES_TO, "Roles", ROLE, "RoleName"))));
    s.add(schema(KMS_KEY, "Arn", List.of("KeySpec"), List.of()));
    s.add(schema(KMS_ALIAS, "AliasName", List.of("AliasName"), List.of()));
    s.add(schema(BUCKET, "BucketName", List.of("BucketName"), List.of()));
    s.add(schema(BUCKET_POLICY, "Id", List.of("Bucket"), List.of()));
    s.add(schema(HOSTED_ZONE, "Id", List.of("Name"), List.of()));
    s.add(
        schema(
            RECORD_SET,
            "Id",
            List.of("HostedZoneId", "HostedZoneName", "Name", "Type"),
            List.of(new TypeEdge(EdgeKind.PARENT, "HostedZoneName", HOSTED_ZONE, "Name"))));
    s.add(schema(FUNCTION, "Arn", List.of("FunctionName"), List.of()));
    s.add(schema(EVENT_SOURCE_MAPPING, "Id", List.of("EventSourceArn", "FunctionName"), List.of()));
    s.add(schema(QUEUE, "QueueUrl", List.of("QueueName", "FifoQueue"), List.of()));
    s.add(schema(LOG_GROUP, "LogGroupName", List.of("LogGroupName"), List.of()));
    s.add(schema(SECRET, "Id", List.of("Name"), List.of()));
    return SchemaRegistry.of(s);
  }

  private static ResourceTypeSchema schema(
      String type, String identifier, List<String> createOnly, List<TypeEdge> edges) {
    return schema(type, identifier, createOnly, edges, Map.of());
  }

  private static ResourceTypeSchema schema(
      String type,
      String identifier,
      List<String> createOnly,
      List<TypeEdge> edges,
      Map<String, FieldHint> others) {
    Map<String, FieldHint> fields = new HashMap<>(others);
    createOnly.forEach(f -> fields.put(f, FieldHint.createOnlyField()));
    // Every type is tagged; tags merge by key in patch mode.
    fields.putIfAbsent("Tags", FieldHint.collection(UpdateMethod.ENTITY_SET, "Key"));
    return new ResourceTypeSchema(type, identifier, fields, edges, true, true);
  }
}
