package dev.forja.loadtest.generate;

import static dev.forja.loadtest.generate.Draft.arr;
import static dev.forja.loadtest.generate.Draft.obj;
import static dev.forja.loadtest.generate.Draft.tags;

import dev.forja.loadtest.generate.Draft.Res;
import java.util.Random;

/**
 * A service's EC2 part: a security group admitting its network's application tier, an EC2 role and
 * the instance profile naming it, sometimes a launch template, and one or two instances in a
 * private subnet, each with a volume in the instance's availability zone (the subnet's) and the
 * attachment naming both.
 */
final class Compute {
  private static final String IMAGE = "ami-0c02fb55b2c6c5bdc";

  private Compute() {}

  /** A security group, an instance profile, and instances with a volume each. */
  static void add(Service svc, Network net, Res key) {
    Draft.Unit u = svc.u;
    Random rnd = svc.rnd;
    String tag = svc.tag;
    String name = svc.name;
    String team = svc.team;
    Res group =
        u.add(
            tag + "-sg",
            Network.SECURITY_GROUP,
            obj(
                "GroupName",
                name + "-sg",
                "GroupDescription",
                "instances of " + name,
                "VpcId",
                u.ref(net.vpc, "VpcId"),
                "SecurityGroupIngress",
                arr(
                    obj(
                        "IpProtocol",
                        "tcp",
                        "FromPort",
                        8080,
                        "ToPort",
                        8080,
                        "SourceSecurityGroupId",
                        u.ref(net.appGroup, "GroupId"))),
                "Tags",
                tags(name + "-sg", team)));
    Res ec2Role = svc.role("-ec2-role", "ec2.amazonaws.com");
    Res profile =
        u.add(
            tag + "-profile",
            Service.INSTANCE_PROFILE,
            obj(
                "InstanceProfileName",
                name + "-profile",
                "Roles",
                arr(u.ref(ec2Role, "RoleName"))));
    if (rnd.nextBoolean()) {
      u.add(
          tag + "-launch-template",
          Service.LAUNCH_TEMPLATE,
          obj(
              "LaunchTemplateName",
              name + "-lt",
              "LaunchTemplateData",
              obj(
                  "ImageId",
                  IMAGE,
                  "InstanceType",
                  Service.INSTANCE_TYPES.get(rnd.nextInt(Service.INSTANCE_TYPES.size())),
                  "IamInstanceProfile",
                  obj("Arn", u.ref(profile, "Arn")),
                  "SecurityGroupIds",
                  arr(u.ref(group, "GroupId")))));
    }
    int instances = 1 + rnd.nextInt(2);
    for (int i = 0; i < instances; i++) {
      int s = rnd.nextInt(net.privateSubnets.size());
      String zone = net.privateZones.get(s);
      String vm = tag + "-vm" + i;
      Res instance =
          u.add(
              vm,
              Service.INSTANCE,
              obj(
                  "ImageId",
                  IMAGE,
                  "InstanceType",
                  Service.INSTANCE_TYPES.get(rnd.nextInt(Service.INSTANCE_TYPES.size())),
                  "SubnetId",
                  u.ref(net.privateSubnets.get(s), "SubnetId"),
                  "AvailabilityZone",
                  zone,
                  "SecurityGroupIds",
                  arr(u.ref(group, "GroupId")),
                  "IamInstanceProfile",
                  u.ref(profile, "InstanceProfileName"),
                  "Tags",
                  tags(name + "-vm" + i, team)));
      Res volume =
          u.add(
              vm + "-data",
              Service.VOLUME,
              obj(
                  "AvailabilityZone",
                  zone,
                  "Size",
                  20 * (1 + rnd.nextInt(10)),
                  "VolumeType",
                  "gp3",
                  "Encrypted",
                  true,
                  "KmsKeyId",
                  u.ref(key, "Arn"),
                  "Tags",
                  tags(name + "-vm" + i + "-data", team)));
      u.add(
          vm + "-data-attachment",
          Service.VOLUME_ATTACHMENT,
          obj(
              "VolumeId",
              u.ref(volume, "VolumeId"),
              "InstanceId",
              u.ref(instance, "InstanceId"),
              "Device",
              "/dev/sdf"));
    }
  }
}
