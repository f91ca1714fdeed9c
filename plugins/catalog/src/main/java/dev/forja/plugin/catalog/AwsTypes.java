package dev.forja.plugin.catalog;

import dev.forja.engine.schema.EdgeKind;
import dev.forja.engine.schema.FieldHint;
import dev.forja.engine.schema.ResourceTypeSchema;
import dev.forja.engine.schema.TypeEdge;
import dev.forja.engine.schema.UpdateMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalogue's content: CloudFormation type and property names, Cloud Control's primary
 * identifiers (a compound one, such as a route's {@code rtb-…|0.0.0.0/0}, is the read-only output
 * {@code Id}), and what AWS does on delete.
 *
 * <p>Which references hold: those AWS enforces on delete (subnets and security groups keep their
 * VPC, an instance profile or attached policy keeps its role, a record set keeps its zone). A
 * Lambda function's role, a KMS key named for encryption, or a route's gateway do not: AWS lets
 * those go and leaves the value dangling.
 */
final class AwsTypes {
  static final String VPC = "AWS::EC2::VPC";
  static final String SUBNET = "AWS::EC2::Subnet";
  static final String INTERNET_GATEWAY = "AWS::EC2::InternetGateway";
  static final String GATEWAY_ATTACHMENT = "AWS::EC2::VPCGatewayAttachment";
  static final String ROUTE_TABLE = "AWS::EC2::RouteTable";
  static final String ROUTE = "AWS::EC2::Route";
  static final String ROUTE_TABLE_ASSOCIATION = "AWS::EC2::SubnetRouteTableAssociation";
  static final String SECURITY_GROUP = "AWS::EC2::SecurityGroup";
  static final String NAT_GATEWAY = "AWS::EC2::NatGateway";
  static final String EIP = "AWS::EC2::EIP";
  static final String ROLE = "AWS::IAM::Role";
  static final String MANAGED_POLICY = "AWS::IAM::ManagedPolicy";
  static final String ROLE_POLICY = "AWS::IAM::RolePolicy";
  static final String INSTANCE_PROFILE = "AWS::IAM::InstanceProfile";
  static final String FUNCTION = "AWS::Lambda::Function";
  static final String BUCKET = "AWS::S3::Bucket";
  static final String KMS_KEY = "AWS::KMS::Key";
  static final String KMS_ALIAS = "AWS::KMS::Alias";
  static final String HOSTED_ZONE = "AWS::Route53::HostedZone";
  static final String RECORD_SET = "AWS::Route53::RecordSet";
  static final String QUEUE = "AWS::SQS::Queue";
  static final String TOPIC = "AWS::SNS::Topic";
  static final String SECRET = "AWS::SecretsManager::Secret";
  static final String TABLE = "AWS::DynamoDB::Table";
  static final String INSTANCE = "AWS::EC2::Instance";
  static final String VOLUME = "AWS::EC2::Volume";
  static final String VOLUME_ATTACHMENT = "AWS::EC2::VolumeAttachment";
  static final String LAUNCH_TEMPLATE = "AWS::EC2::LaunchTemplate";
  static final String LOG_GROUP = "AWS::Logs::LogGroup";
  static final String ECR_REPOSITORY = "AWS::ECR::Repository";
  static final String BUCKET_POLICY = "AWS::S3::BucketPolicy";
  static final String EVENT_SOURCE_MAPPING = "AWS::Lambda::EventSourceMapping";

  private static final String DEPENDENCY_VIOLATION = "DependencyViolation";
  private static final String DELETE_CONFLICT = "DeleteConflict";

  private AwsTypes() {}

  static List<AwsType> all() {
    return List.of(
        vpc(),
        subnet(),
        internetGateway(),
        gatewayAttachment(),
        routeTable(),
        route(),
        routeTableAssociation(),
        securityGroup(),
        natGateway(),
        eip(),
        role(),
        managedPolicy(),
        rolePolicy(),
        instanceProfile(),
        function(),
        bucket(),
        kmsKey(),
        kmsAlias(),
        hostedZone(),
        recordSet(),
        queue(),
        topic(),
        secret(),
        table(),
        instance(),
        volume(),
        volumeAttachment(),
        launchTemplate(),
        logGroup(),
        ecrRepository(),
        bucketPolicy(),
        eventSourceMapping());
  }

  // ---- networking ----

  private static AwsType vpc() {
    return type(VPC, "VpcId")
        .generated("vpc-")
        .out("VpcId", "{id}")
        .out("DefaultSecurityGroup", "sg-{hex:17}")
        .out("DefaultNetworkAcl", "acl-{hex:17}")
        .out("CidrBlockAssociations", "[vpc-cidr-assoc-{hex:17}]")
        .createOnly("CidrBlock", "Ipv4IpamPoolId", "Ipv4NetmaskLength")
        .providerDefault("EnableDnsSupport", "EnableDnsHostnames", "InstanceTenancy")
        .tags()
        .conflict(DEPENDENCY_VIOLATION)
        .build();
  }

  private static AwsType subnet() {
    return type(SUBNET, "SubnetId")
        .generated("subnet-")
        .out("SubnetId", "{id}")
        .out("NetworkAclAssociationId", "aclassoc-{hex:17}")
        .createOnly(
            "VpcId",
            "CidrBlock",
            "AvailabilityZone",
            "AvailabilityZoneId",
            "OutpostArn",
            "Ipv4IpamPoolId",
            "Ipv4NetmaskLength")
        .providerDefault(
            "AvailabilityZone", "AvailabilityZoneId", "MapPublicIpOnLaunch", "EnableDns64")
        .ref("VpcId", VPC, "VpcId")
        .parent("VpcId", VPC, "VpcId")
        .tags()
        .conflict(DEPENDENCY_VIOLATION)
        .build();
  }

  private static AwsType internetGateway() {
    return type(INTERNET_GATEWAY, "InternetGatewayId")
        .generated("igw-")
        .out("InternetGatewayId", "{id}")
        .tags()
        .conflict(DEPENDENCY_VIOLATION)
        .build();
  }

  private static AwsType gatewayAttachment() {
    // Cloud Control names it by attachment type and VPC: a VPC has one internet gateway.
    return type(GATEWAY_ATTACHMENT, "Id")
        .template("IGW|{VpcId}")
        .out("Id", "{id}")
        .out("AttachmentType", "IGW")
        .createOnly("VpcId")
        .ref("VpcId", VPC, "VpcId")
        .ref("InternetGatewayId", INTERNET_GATEWAY, "InternetGatewayId")
        .attachesTo("InternetGatewayId", INTERNET_GATEWAY, "InternetGatewayId")
        .attachesTo("VpcId", VPC, "VpcId")
        .notDiscoverable()
        .build();
  }

  private static AwsType routeTable() {
    return type(ROUTE_TABLE, "RouteTableId")
        .generated("rtb-")
        .out("RouteTableId", "{id}")
        .createOnly("VpcId")
        .ref("VpcId", VPC, "VpcId")
        .parent("VpcId", VPC, "VpcId")
        .tags()
        .conflict(DEPENDENCY_VIOLATION)
        .build();
  }

  private static AwsType route() {
    return type(ROUTE, "Id")
        .template(
            "{RouteTableId}|{DestinationCidrBlock?DestinationIpv6CidrBlock?DestinationPrefixListId}")
        .out("Id", "{id}")
        .out("CidrBlock", "{DestinationCidrBlock}")
        .createOnly(
            "RouteTableId",
            "DestinationCidrBlock",
            "DestinationIpv6CidrBlock",
            "DestinationPrefixListId")
        .ref("RouteTableId", ROUTE_TABLE, "RouteTableId")
        .weakRef("GatewayId", INTERNET_GATEWAY, "InternetGatewayId")
        .weakRef("NatGatewayId", NAT_GATEWAY, "NatGatewayId")
        .weakRef("InstanceId", INSTANCE, "InstanceId")
        .parent("RouteTableId", ROUTE_TABLE, "RouteTableId")
        .notDiscoverable()
        .build();
  }

  private static AwsType routeTableAssociation() {
    return type(ROUTE_TABLE_ASSOCIATION, "Id")
        .generated("rtbassoc-")
        .out("Id", "{id}")
        .createOnly("SubnetId", "RouteTableId")
        .ref("SubnetId", SUBNET, "SubnetId")
        .ref("RouteTableId", ROUTE_TABLE, "RouteTableId")
        .attachesTo("RouteTableId", ROUTE_TABLE, "RouteTableId")
        .attachesTo("SubnetId", SUBNET, "SubnetId")
        .notDiscoverable()
        .build();
  }

  private static AwsType securityGroup() {
    return type(SECURITY_GROUP, "Id")
        .generated("sg-")
        .out("Id", "{id}")
        .out("GroupId", "{id}")
        .out("GroupName", "{GroupName?name}")
        .createOnly("GroupDescription", "GroupName", "VpcId")
        .providerDefault("GroupName", "SecurityGroupEgress")
        .set("SecurityGroupIngress", "SecurityGroupEgress")
        .ref("VpcId", VPC, "VpcId")
        .parent("VpcId", VPC, "VpcId")
        .tags()
        .conflict(DEPENDENCY_VIOLATION)
        .build();
  }

  private static AwsType natGateway() {
    return type(NAT_GATEWAY, "NatGatewayId")
        .generated("nat-")
        .out("NatGatewayId", "{id}")
        .createOnly("SubnetId", "AllocationId", "ConnectivityType", "PrivateIpAddress")
        .providerDefault("ConnectivityType", "PrivateIpAddress")
        .ref("SubnetId", SUBNET, "SubnetId")
        .ref("AllocationId", EIP, "AllocationId")
        .parent("SubnetId", SUBNET, "SubnetId")
        .tags()
        .build();
  }

  private static AwsType eip() {
    return type(EIP, "Id")
        .template("{PublicIp}|{AllocationId}")
        .out("Id", "{id}")
        .out("PublicIp", "{ip}")
        .out("AllocationId", "eipalloc-{hex:17}")
        .createOnly("Domain", "NetworkBorderGroup", "TransferAddress", "PublicIpv4Pool")
        .providerDefault("Domain", "NetworkBorderGroup")
        .weakRef("InstanceId", INSTANCE, "InstanceId")
        .tags()
        .conflict("InvalidIPAddress.InUse")
        .build();
  }

  // ---- IAM ----

  private static AwsType role() {
    return type(ROLE, "RoleName")
        .template("{RoleName}")
        .out("RoleName", "{RoleName?name}")
        .out("Arn", "arn:aws:iam::{account}:role{Path?=/}{RoleName}")
        .out("RoleId", "AROA{alnum:17}")
        .createOnly("RoleName", "Path")
        .providerDefault("RoleName", "Path", "MaxSessionDuration", "Description")
        .set("ManagedPolicyArns")
        .entitySet("Policies", "PolicyName")
        .tags()
        .conflict(DELETE_CONFLICT)
        .build();
  }

  private static AwsType managedPolicy() {
    return type(MANAGED_POLICY, "PolicyArn")
        .template("{PolicyArn}")
        .out("ManagedPolicyName", "{ManagedPolicyName?name}")
        .out("PolicyArn", "arn:aws:iam::{account}:policy{Path?=/}{ManagedPolicyName}")
        .out("PolicyId", "ANPA{alnum:17}")
        .out("DefaultVersionId", "v1")
        .createOnly("ManagedPolicyName", "Path", "Description")
        .providerDefault("ManagedPolicyName", "Path")
        .set("Roles", "Users", "Groups")
        .ref("Roles", ROLE, "RoleName")
        .attachesTo("Roles", ROLE, "RoleName")
        .conflict(DELETE_CONFLICT)
        .build();
  }

  private static AwsType rolePolicy() {
    return type(ROLE_POLICY, "Id")
        .template("{PolicyName}|{RoleName}")
        .out("Id", "{id}")
        .createOnly("PolicyName", "RoleName")
        .ref("RoleName", ROLE, "RoleName")
        .attachesTo("RoleName", ROLE, "RoleName")
        .notDiscoverable()
        .build();
  }

  private static AwsType instanceProfile() {
    return type(INSTANCE_PROFILE, "InstanceProfileName")
        .template("{InstanceProfileName}")
        .out("InstanceProfileName", "{InstanceProfileName?name}")
        .out("Arn", "arn:aws:iam::{account}:instance-profile{Path?=/}{InstanceProfileName}")
        .createOnly("InstanceProfileName", "Path")
        .providerDefault("InstanceProfileName", "Path")
        .set("Roles")
        .ref("Roles", ROLE, "RoleName")
        .attachesTo("Roles", ROLE, "RoleName")
        .conflict(DELETE_CONFLICT)
        .build();
  }

  // ---- compute ----

  private static AwsType function() {
    return type(FUNCTION, "FunctionName")
        .template("{FunctionName}")
        .out("FunctionName", "{FunctionName?name}")
        .out("Arn", "arn:aws:lambda:{region}:{account}:function:{FunctionName}")
        .createOnly("FunctionName")
        .writeOnly("Code", "SnapStart")
        .providerDefault(
            "MemorySize",
            "Timeout",
            "Architectures",
            "PackageType",
            "EphemeralStorage",
            "TracingConfig",
            "LoggingConfig")
        .set("Architectures", "Layers")
        .weakRef("Role", ROLE, "Arn")
        .weakRef("KmsKeyArn", KMS_KEY, "Arn")
        .tags()
        .build();
  }

  private static AwsType eventSourceMapping() {
    return type(EVENT_SOURCE_MAPPING, "Id")
        .template("{uuid}")
        .out("Id", "{id}")
        .out("EventSourceMappingArn", "arn:aws:lambda:{region}:{account}:event-source-mapping:{id}")
        .createOnly("EventSourceArn", "StartingPosition", "StartingPositionTimestamp")
        .providerDefault("BatchSize", "Enabled", "MaximumBatchingWindowInSeconds")
        .weakRef("FunctionName", FUNCTION, "FunctionName")
        .weakRef("FunctionName", FUNCTION, "Arn")
        .weakRef("EventSourceArn", QUEUE, "Arn")
        .attachesTo("FunctionName", FUNCTION, "FunctionName")
        .attachesTo("FunctionName", FUNCTION, "Arn")
        .tags()
        .build();
  }

  private static AwsType instance() {
    return type(INSTANCE, "InstanceId")
        .generated("i-")
        .out("InstanceId", "{id}")
        .out("PrivateIp", "{PrivateIpAddress?privateip}")
        .createOnly(
            "ImageId",
            "SubnetId",
            "AvailabilityZone",
            "KeyName",
            "PrivateIpAddress",
            "SecurityGroups",
            "NetworkInterfaces",
            "LaunchTemplate",
            "PlacementGroupName",
            "Ipv6Addresses",
            "Ipv6AddressCount")
        .writeOnly("AdditionalInfo", "Ipv6AddressCount", "Ipv6Addresses", "LaunchTemplate")
        .providerDefault(
            "AvailabilityZone",
            "SubnetId",
            "SecurityGroupIds",
            "PrivateIpAddress",
            "Tenancy",
            "EbsOptimized",
            "InstanceType")
        .set("SecurityGroupIds", "SecurityGroups")
        .ref("SubnetId", SUBNET, "SubnetId")
        .ref("SecurityGroupIds", SECURITY_GROUP, "GroupId")
        .weakRef("IamInstanceProfile", INSTANCE_PROFILE, "InstanceProfileName")
        .weakRef("IamInstanceProfile", INSTANCE_PROFILE, "Arn")
        .parent("SubnetId", SUBNET, "SubnetId")
        .tags()
        .build();
  }

  private static AwsType volume() {
    return type(VOLUME, "VolumeId")
        .generated("vol-")
        .out("VolumeId", "{id}")
        .createOnly("AvailabilityZone", "SnapshotId", "Encrypted", "KmsKeyId", "OutpostArn")
        .providerDefault("VolumeType", "Encrypted", "Iops", "Throughput", "Size")
        .weakRef("KmsKeyId", KMS_KEY, "KeyId")
        .weakRef("KmsKeyId", KMS_KEY, "Arn")
        .tags()
        .conflict("VolumeInUse")
        .build();
  }

  private static AwsType volumeAttachment() {
    return type(VOLUME_ATTACHMENT, "Id")
        .template("{VolumeId}|{InstanceId}")
        .out("Id", "{id}")
        .createOnly("VolumeId", "InstanceId", "Device")
        .ref("VolumeId", VOLUME, "VolumeId")
        .weakRef("InstanceId", INSTANCE, "InstanceId")
        .attachesTo("VolumeId", VOLUME, "VolumeId")
        .attachesTo("InstanceId", INSTANCE, "InstanceId")
        .notDiscoverable()
        .build();
  }

  private static AwsType launchTemplate() {
    return type(LAUNCH_TEMPLATE, "LaunchTemplateId")
        .generated("lt-")
        .out("LaunchTemplateId", "{id}")
        .out("LaunchTemplateName", "{LaunchTemplateName?name}")
        .out("DefaultVersionNumber", "1")
        .out("LatestVersionNumber", "1")
        .createOnly("LaunchTemplateName")
        .providerDefault("LaunchTemplateName")
        .entitySet("TagSpecifications", "ResourceType")
        .build();
  }

  // ---- storage, keys, DNS ----

  private static AwsType bucket() {
    return type(BUCKET, "BucketName")
        .template("{BucketName}")
        .out("BucketName", "{BucketName?lname}")
        .out("Arn", "arn:aws:s3:::{BucketName}")
        .out("DomainName", "{BucketName}.s3.amazonaws.com")
        .out("RegionalDomainName", "{BucketName}.s3.{region}.amazonaws.com")
        .out("DualStackDomainName", "{BucketName}.s3.dualstack.{region}.amazonaws.com")
        .out("WebsiteURL", "http://{BucketName}.s3-website-{region}.amazonaws.com")
        .createOnly("BucketName", "ObjectLockEnabled")
        .providerDefault(
            "BucketName", "BucketEncryption", "OwnershipControls", "PublicAccessBlockConfiguration")
        .tags()
        .build();
  }

  private static AwsType bucketPolicy() {
    return type(BUCKET_POLICY, "Bucket")
        .template("{Bucket}")
        .createOnly("Bucket")
        .weakRef("Bucket", BUCKET, "BucketName")
        .attachesTo("Bucket", BUCKET, "BucketName")
        .notDiscoverable()
        .build();
  }

  private static AwsType kmsKey() {
    return type(KMS_KEY, "KeyId")
        .template("{uuid}")
        .out("KeyId", "{id}")
        .out("Arn", "arn:aws:kms:{region}:{account}:key/{id}")
        .createOnly("KeySpec", "KeyUsage", "MultiRegion", "Origin")
        .writeOnly("PendingWindowInDays", "BypassPolicyLockoutSafetyCheck")
        .providerDefault(
            "KeySpec",
            "KeyUsage",
            "Enabled",
            "EnableKeyRotation",
            "KeyPolicy",
            "MultiRegion",
            "Origin",
            "Description")
        .tags()
        .build();
  }

  private static AwsType kmsAlias() {
    return type(KMS_ALIAS, "AliasName")
        .template("{AliasName}")
        .createOnly("AliasName")
        .weakRef("TargetKeyId", KMS_KEY, "KeyId")
        .weakRef("TargetKeyId", KMS_KEY, "Arn")
        .attachesTo("TargetKeyId", KMS_KEY, "KeyId")
        .attachesTo("TargetKeyId", KMS_KEY, "Arn")
        .build();
  }

  private static AwsType hostedZone() {
    return type(HOSTED_ZONE, "Id")
        .template("Z{alnum:20}")
        .out("Id", "{id}")
        .out(
            "NameServers",
            "[ns-{num:3}.awsdns-{num:2}.com, ns-{num:4}.awsdns-{num:2}.net,"
                + " ns-{num:3}.awsdns-{num:2}.org, ns-{num:4}.awsdns-{num:2}.co.uk]")
        .createOnly("Name")
        .set("VPCs")
        .entitySet("HostedZoneTags", "Key")
        .conflict("HostedZoneNotEmpty")
        .build();
  }

  private static AwsType recordSet() {
    return type(RECORD_SET, "Id")
        .template("{HostedZoneId?HostedZoneName}|{Name}|{Type}")
        .out("Id", "{id}")
        .createOnly("HostedZoneId", "HostedZoneName", "Name", "Type", "SetIdentifier")
        .set("ResourceRecords")
        .ref("HostedZoneId", HOSTED_ZONE, "Id")
        .ref("HostedZoneName", HOSTED_ZONE, "Name")
        .parent("HostedZoneId", HOSTED_ZONE, "Id")
        .parent("HostedZoneName", HOSTED_ZONE, "Name")
        .notDiscoverable()
        .build();
  }

  // ---- messaging, secrets, data, logs, images ----

  private static AwsType queue() {
    return type(QUEUE, "QueueUrl")
        .template("{QueueUrl}")
        .out("QueueName", "{QueueName?name}")
        .out("QueueUrl", "https://sqs.{region}.amazonaws.com/{account}/{QueueName}")
        .out("Arn", "arn:aws:sqs:{region}:{account}:{QueueName}")
        .createOnly("QueueName", "FifoQueue")
        .providerDefault(
            "QueueName",
            "VisibilityTimeout",
            "MessageRetentionPeriod",
            "DelaySeconds",
            "MaximumMessageSize",
            "ReceiveMessageWaitTimeSeconds",
            "SqsManagedSseEnabled")
        .kmsKeyRef("KmsMasterKeyId")
        .tags()
        .build();
  }

  private static AwsType topic() {
    return type(TOPIC, "TopicArn")
        .template("{TopicArn}")
        .out("TopicName", "{TopicName?name}")
        .out("TopicArn", "arn:aws:sns:{region}:{account}:{TopicName}")
        .createOnly("TopicName", "FifoTopic")
        .providerDefault("TopicName")
        .entitySet("Subscription", "Endpoint")
        .kmsKeyRef("KmsMasterKeyId")
        .tags()
        .build();
  }

  private static AwsType secret() {
    return type(SECRET, "Id")
        .template("arn:aws:secretsmanager:{region}:{account}:secret:{Name}-{alnum:6}")
        .out("Name", "{Name?name}")
        .out("Id", "{id}")
        .createOnly("Name")
        .providerDefault("Name", "KmsKeyId")
        .secret("SecretString")
        .writeOnly("GenerateSecretString")
        .kmsKeyRef("KmsKeyId")
        .tags()
        .build();
  }

  private static AwsType table() {
    return type(TABLE, "TableName")
        .template("{TableName}")
        .out("TableName", "{TableName?name}")
        .out("Arn", "arn:aws:dynamodb:{region}:{account}:table/{TableName}")
        .createOnly("TableName", "KeySchema", "LocalSecondaryIndexes")
        .providerDefault("TableName", "BillingMode", "TableClass")
        .entitySet("AttributeDefinitions", "AttributeName")
        .entitySet("GlobalSecondaryIndexes", "IndexName")
        .tags()
        .build();
  }

  private static AwsType logGroup() {
    return type(LOG_GROUP, "LogGroupName")
        .template("{LogGroupName}")
        .out("LogGroupName", "{LogGroupName?name}")
        .out("Arn", "arn:aws:logs:{region}:{account}:log-group:{LogGroupName}:*")
        .createOnly("LogGroupName", "LogGroupClass")
        .providerDefault("LogGroupName", "LogGroupClass")
        .weakRef("KmsKeyId", KMS_KEY, "Arn")
        .tags()
        .build();
  }

  private static AwsType ecrRepository() {
    return type(ECR_REPOSITORY, "RepositoryName")
        .template("{RepositoryName}")
        .out("RepositoryName", "{RepositoryName?lname}")
        .out("Arn", "arn:aws:ecr:{region}:{account}:repository/{RepositoryName}")
        .out("RepositoryUri", "{account}.dkr.ecr.{region}.amazonaws.com/{RepositoryName}")
        .createOnly("RepositoryName", "EncryptionConfiguration")
        .providerDefault(
            "RepositoryName",
            "ImageTagMutability",
            "ImageScanningConfiguration",
            "EncryptionConfiguration")
        .tags()
        .build();
  }

  // ---- building ----

  private static Builder type(String name, String identifier) {
    return new Builder(name, identifier);
  }

  /** One type, told property by property. */
  private static final class Builder {
    private final String name;
    private final String identifier;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final Map<String, String> outputs = new LinkedHashMap<>();
    private final List<AwsType.Reference> references = new ArrayList<>();
    private final List<TypeEdge> edges = new ArrayList<>();
    private AwsType.IdFormat id;
    private String conflict;
    private boolean discoverable = true;

    Builder(String name, String identifier) {
      this.name = name;
      this.identifier = identifier;
    }

    Builder generated(String prefix) {
      id = AwsType.IdFormat.generated(prefix);
      return this;
    }

    Builder template(String template) {
      id = AwsType.IdFormat.from(template);
      return this;
    }

    Builder out(String property, String template) {
      outputs.put(property, template);
      return this;
    }

    Builder createOnly(String... names) {
      for (String n : names) {
        field(n).createOnly = true;
      }
      return this;
    }

    Builder writeOnly(String... names) {
      for (String n : names) {
        field(n).writeOnly = true;
      }
      return this;
    }

    /** A secret: never read back, shown redacted. */
    Builder secret(String name) {
      Field f = field(name);
      f.writeOnly = true;
      f.opaque = true;
      return this;
    }

    Builder providerDefault(String... names) {
      for (String n : names) {
        field(n).providerDefault = true;
      }
      return this;
    }

    Builder set(String... names) {
      for (String n : names) {
        field(n).method = UpdateMethod.SET;
      }
      return this;
    }

    Builder entitySet(String name, String key) {
      Field f = field(name);
      f.method = UpdateMethod.ENTITY_SET;
      f.index = key;
      return this;
    }

    /** Tags, merged by key in patch mode. */
    Builder tags() {
      return entitySet("Tags", "Key");
    }

    Builder ref(String property, String targetType, String targetProperty) {
      references.add(new AwsType.Reference(property, targetType, targetProperty, true));
      return this;
    }

    Builder weakRef(String property, String targetType, String targetProperty) {
      references.add(new AwsType.Reference(property, targetType, targetProperty, false));
      return this;
    }

    /** A KMS key named by id, ARN or alias, as SQS, SNS and Secrets Manager take it. */
    Builder kmsKeyRef(String property) {
      return weakRef(property, KMS_KEY, "KeyId")
          .weakRef(property, KMS_KEY, "Arn")
          .weakRef(property, KMS_ALIAS, "AliasName");
    }

    Builder parent(String property, String targetType, String targetProperty) {
      edges.add(new TypeEdge(EdgeKind.PARENT, property, targetType, targetProperty));
      return this;
    }

    Builder attachesTo(String property, String targetType, String targetProperty) {
      edges.add(new TypeEdge(EdgeKind.ATTACHES_TO, property, targetType, targetProperty));
      return this;
    }

    Builder conflict(String awsError) {
      conflict = awsError;
      return this;
    }

    /** Cloud Control lists it only within a parent: discovery cannot adopt it alone. */
    Builder notDiscoverable() {
      discoverable = false;
      return this;
    }

    AwsType build() {
      Map<String, FieldHint> hints = new LinkedHashMap<>();
      fields.forEach((k, f) -> hints.put(k, f.hint()));
      ResourceTypeSchema schema =
          new ResourceTypeSchema(name, identifier, hints, edges, discoverable, true);
      return new AwsType(schema, id, outputs, references, conflict);
    }

    private Field field(String name) {
      return fields.computeIfAbsent(name, n -> new Field());
    }
  }

  /** What is known of one property while its type is told. */
  private static final class Field {
    boolean createOnly;
    boolean writeOnly;
    boolean opaque;
    boolean providerDefault;
    UpdateMethod method = UpdateMethod.ATOMIC;
    String index;

    FieldHint hint() {
      return new FieldHint(createOnly, writeOnly, opaque, providerDefault, method, index);
    }
  }
}
