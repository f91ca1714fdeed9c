package dev.forja.engine.testing;

import dev.forja.engine.schema.EdgeKind;
import dev.forja.engine.schema.FieldHint;
import dev.forja.engine.schema.ResourceTypeSchema;
import dev.forja.engine.schema.SchemaRegistry;
import dev.forja.engine.schema.TypeEdge;
import dev.forja.engine.schema.UpdateMethod;
import java.util.List;
import java.util.Map;

/** A few AWS-like types with the hints and edges the planner's tests need. */
public final class TestSchemas {
  public static final String VPC = "AWS::EC2::VPC";
  public static final String SUBNET = "AWS::EC2::Subnet";
  public static final String SG = "AWS::EC2::SecurityGroup";
  public static final String ZONE = "AWS::Route53::HostedZone";
  public static final String RECORD = "AWS::Route53::RecordSet";
  public static final String ROLE = "AWS::IAM::Role";
  public static final String PROFILE = "AWS::IAM::InstanceProfile";
  public static final String BUCKET = "AWS::S3::Bucket";

  private TestSchemas() {}

  /** The registry of the types above. */
  public static SchemaRegistry registry() {
    return SchemaRegistry.of(
        List.of(
            new ResourceTypeSchema(
                VPC,
                "VpcId",
                Map.of("CidrBlock", FieldHint.createOnlyField()),
                List.of(),
                true,
                true),
            new ResourceTypeSchema(
                SUBNET,
                "SubnetId",
                Map.of(
                    "VpcId", FieldHint.createOnlyField(),
                    "CidrBlock", FieldHint.createOnlyField()),
                List.of(),
                true,
                true),
            new ResourceTypeSchema(
                SG,
                "GroupId",
                Map.of(
                    "VpcId", FieldHint.createOnlyField(),
                    "Tags", FieldHint.collection(UpdateMethod.ENTITY_SET, "Key"),
                    "Ports", FieldHint.collection(UpdateMethod.SET, null)),
                List.of(),
                true,
                true),
            new ResourceTypeSchema(
                ZONE, "Id", Map.of("Name", FieldHint.createOnlyField()), List.of(), true, true),
            new ResourceTypeSchema(
                RECORD,
                "Name",
                Map.of("HostedZoneId", FieldHint.createOnlyField()),
                List.of(new TypeEdge(EdgeKind.PARENT, "HostedZoneId", ZONE, "Id")),
                true,
                true),
            new ResourceTypeSchema(
                ROLE,
                "RoleName",
                Map.of("MaxSessionDuration", FieldHint.providerDefault()),
                List.of(),
                true,
                true),
            new ResourceTypeSchema(
                PROFILE,
                "InstanceProfileName",
                Map.of(),
                List.of(new TypeEdge(EdgeKind.ATTACHES_TO, "Roles", ROLE, "RoleName")),
                true,
                true),
            new ResourceTypeSchema(
                BUCKET,
                "BucketName",
                Map.of("BucketName", FieldHint.createOnlyField()),
                List.of(),
                true,
                true)));
  }
}
