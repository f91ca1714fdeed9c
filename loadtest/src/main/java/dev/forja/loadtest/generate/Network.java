package dev.forja.loadtest.generate;

import static dev.forja.loadtest.generate.Draft.arr;
import static dev.forja.loadtest.generate.Draft.obj;
import static dev.forja.loadtest.generate.Draft.tags;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.loadtest.generate.Draft.Res;
import java.util.ArrayList;
import java.util.List;

/**
 * One VPC and what routes it ({@value #SIZE} resources): an internet gateway and its attachment, a
 * public route table whose default route names the gateway through the attachment (so the route
 * waits for the gateway to be attached to its own VPC), a private route table, subnets across three
 * availability zones each associated with one of the tables, and the tiered security groups
 * services use.
 */
final class Network {
  /** The resources of one network. */
  static final int SIZE = 25;

  static final String VPC = "AWS::EC2::VPC";
  static final String INTERNET_GATEWAY = "AWS::EC2::InternetGateway";
  static final String GATEWAY_ATTACHMENT = "AWS::EC2::VPCGatewayAttachment";
  static final String ROUTE_TABLE = "AWS::EC2::RouteTable";
  static final String ROUTE = "AWS::EC2::Route";
  static final String SUBNET = "AWS::EC2::Subnet";
  static final String ROUTE_TABLE_ASSOCIATION = "AWS::EC2::SubnetRouteTableAssociation";
  static final String SECURITY_GROUP = "AWS::EC2::SecurityGroup";
  static final String EIP = "AWS::EC2::EIP";
  static final String NAT_GATEWAY = "AWS::EC2::NatGateway";

  private static final int SUBNETS = 6;
  private static final String[] TIERS = {"alb", "web", "app", "db"};
  private static final int[] PORTS = {443, 8443, 8080, 5432};

  final Draft.Target target;
  final Res vpc;

  /** Private subnets, where instances go, and their availability zones. */
  final List<Res> privateSubnets = new ArrayList<>();

  final List<String> privateZones = new ArrayList<>();

  /** The security group of the application tier, which services' groups admit traffic from. */
  Res appGroup;

  private Network(Draft.Target target, Res vpc) {
    this.target = target;
    this.vpc = vpc;
  }

  /** Adds network {@code index} (0–4) of the account to {@code draft}. */
  static Network add(Draft draft, Draft.Target target, int index, String prefix) {
    Draft.Unit u = draft.unit("net", target);
    String tag = "vpc" + index;
    String name = prefix + "-" + tag;
    Res vpc =
        u.add(
            tag,
            VPC,
            obj(
                "CidrBlock",
                "10." + index + ".0.0/16",
                "EnableDnsSupport",
                true,
                "EnableDnsHostnames",
                true,
                "Tags",
                tags(name, "platform")));
    Network net = new Network(target, vpc);
    Res igw = u.add(tag + "-igw", INTERNET_GATEWAY, obj("Tags", tags(name + "-igw", "platform")));
    Res attachment =
        u.add(
            tag + "-igw-attachment",
            GATEWAY_ATTACHMENT,
            obj(
                "VpcId",
                u.ref(vpc, "VpcId"),
                "InternetGatewayId",
                u.ref(igw, "InternetGatewayId")));
    Res publicTable =
        u.add(
            tag + "-public-rt",
            ROUTE_TABLE,
            obj("VpcId", u.ref(vpc, "VpcId"), "Tags", tags(name + "-public", "platform")));
    u.add(
        tag + "-default-route",
        ROUTE,
        obj(
            "RouteTableId",
            u.ref(publicTable, "RouteTableId"),
            "DestinationCidrBlock",
            "0.0.0.0/0",
            // The gateway as the attachment names it: the route waits until it is attached.
            "GatewayId",
            u.ref(attachment, "InternetGatewayId")));
    Res privateTable =
        u.add(
            tag + "-private-rt",
            ROUTE_TABLE,
            obj("VpcId", u.ref(vpc, "VpcId"), "Tags", tags(name + "-private", "platform")));
    Res natSubnet = null;
    for (int s = 0; s < SUBNETS; s++) {
      boolean isPublic = s < SUBNETS / 2;
      String zone = target.region() + (char) ('a' + s % 3);
      String subnetTag = tag + (isPublic ? "-public-" : "-private-") + (char) ('a' + s % 3);
      Res subnet =
          u.add(
              subnetTag,
              SUBNET,
              obj(
                  "VpcId",
                  u.ref(vpc, "VpcId"),
                  "CidrBlock",
                  "10." + index + "." + s + ".0/24",
                  "AvailabilityZone",
                  zone,
                  "MapPublicIpOnLaunch",
                  isPublic,
                  "Tags",
                  tags(prefix + "-" + subnetTag, "platform")));
      u.add(
          subnetTag + "-rta",
          ROUTE_TABLE_ASSOCIATION,
          obj(
              "SubnetId",
              u.ref(subnet, "SubnetId"),
              "RouteTableId",
              u.ref(isPublic ? publicTable : privateTable, "RouteTableId")));
      if (!isPublic) {
        net.privateSubnets.add(subnet);
        net.privateZones.add(zone);
      } else if (natSubnet == null) {
        natSubnet = subnet;
      }
    }
    Res eip =
        u.add(tag + "-nat-eip", EIP, obj("Domain", "vpc", "Tags", tags(name + "-nat", "platform")));
    Res nat =
        u.add(
            tag + "-nat",
            NAT_GATEWAY,
            obj(
                "SubnetId",
                u.ref(natSubnet, "SubnetId"),
                "AllocationId",
                u.ref(eip, "AllocationId"),
                "Tags",
                tags(name + "-nat", "platform")));
    u.add(
        tag + "-private-default-route",
        ROUTE,
        obj(
            "RouteTableId",
            u.ref(privateTable, "RouteTableId"),
            "DestinationCidrBlock",
            "0.0.0.0/0",
            "NatGatewayId",
            u.ref(nat, "NatGatewayId")));
    Res previous = null;
    for (int g = 0; g < TIERS.length; g++) {
      ObjectNode rule = obj("IpProtocol", "tcp", "FromPort", PORTS[g], "ToPort", PORTS[g]);
      if (previous == null) {
        rule.put("CidrIp", "0.0.0.0/0");
      } else {
        rule.set("SourceSecurityGroupId", u.ref(previous, "GroupId"));
      }
      Res group =
          u.add(
              tag + "-" + TIERS[g] + "-sg",
              SECURITY_GROUP,
              obj(
                  "GroupName",
                  name + "-" + TIERS[g],
                  "GroupDescription",
                  TIERS[g] + " tier of " + name,
                  "VpcId",
                  u.ref(vpc, "VpcId"),
                  "SecurityGroupIngress",
                  arr(rule),
                  "Tags",
                  tags(name + "-" + TIERS[g], "platform")));
      if (TIERS[g].equals("app")) {
        net.appGroup = group;
      }
      previous = group;
    }
    u.close();
    return net;
  }
}
