package dev.forja.plugin.sim.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SimCloudTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VPC = "AWS::EC2::VPC";
  private static final String SUBNET = "AWS::EC2::Subnet";
  private static final String IGW = "AWS::EC2::InternetGateway";
  private static final String ATTACHMENT = "AWS::EC2::VPCGatewayAttachment";
  private static final String ZONE = "AWS::Route53::HostedZone";
  private static final String RECORD = "AWS::Route53::RecordSet";
  private static final String ROLE = "AWS::IAM::Role";
  private static final String PROFILE = "AWS::IAM::InstanceProfile";
  private static final String POLICY = "AWS::IAM::ManagedPolicy";
  private static final String ROLE_POLICY = "AWS::IAM::RolePolicy";
  private static final String FUNCTION = "AWS::Lambda::Function";
  private static final String QUEUE = "AWS::SQS::Queue";
  private static final String SECRET = "AWS::SecretsManager::Secret";
  private static final AtomicInteger NAMES = new AtomicInteger();

  private final MutableClock clock = MutableClock.atEpoch();
  private final SimCloud cloud = cloud(SimSettings.IDEAL);

  private SimCloud cloud(SimSettings settings) {
    return SimCloud.builder()
        .settings(settings)
        .clock(clock)
        .random(new SplittableRandom(7))
        .build();
  }

  private static String name(String prefix) {
    return prefix + "-" + NAMES.incrementAndGet();
  }

  // ---- asynchronous operations ----

  @Test
  void createAnswersInProgressAndCompletesOnTheNextCall() throws Exception {
    ProgressEvent started = cloud.createResource(VPC, "{\"CidrBlock\":\"10.0.0.0/16\"}", null);

    assertThat(started.operationStatus()).isEqualTo("IN_PROGRESS");
    assertThat(started.operation()).isEqualTo("CREATE");
    assertThat(started.requestToken()).isNotBlank();
    assertThat(started.identifier()).matches("vpc-[0-9a-f]{17}");

    ProgressEvent done = cloud.getResourceRequestStatus(started.requestToken());
    assertThat(done.operationStatus()).isEqualTo("SUCCESS");
    JsonNode model = JSON.readTree(done.resourceModel());
    assertThat(model.get("VpcId").asText()).isEqualTo(started.identifier());
    assertThat(model.get("CidrBlock").asText()).isEqualTo("10.0.0.0/16");
    assertThat(model.get("DefaultSecurityGroup").asText()).matches("sg-[0-9a-f]{17}");
  }

  @Test
  void latencyKeepsARequestInProgressUntilItHasPassed() {
    SimCloud slow = cloud(new SimSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), 0, 0));
    ProgressEvent started = slow.createResource(VPC, "{\"CidrBlock\":\"10.0.0.0/16\"}", null);

    clock.advance(Duration.ofMillis(4999));
    assertThat(slow.getResourceRequestStatus(started.requestToken()).operationStatus())
        .isEqualTo("IN_PROGRESS");
    assertThatThrownBy(() -> slow.getResource(VPC, started.identifier()))
        .isInstanceOf(SimException.class)
        .extracting(e -> ((SimException) e).code())
        .isEqualTo("ResourceNotFoundException");

    clock.advance(Duration.ofMillis(1));
    ProgressEvent done = slow.getResourceRequestStatus(started.requestToken());
    assertThat(done.operationStatus()).isEqualTo("SUCCESS");
    assertThat(done.eventTime()).isEqualTo(clock.instant());
    assertThat(slow.getResource(VPC, started.identifier()).identifier())
        .isEqualTo(started.identifier());
  }

  @Test
  void latencyIsDrawnBetweenMinAndMax() {
    SimCloud slow = cloud(new SimSettings(Duration.ofSeconds(1), Duration.ofSeconds(3), 0, 0));
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      tokens.add(slow.createResource(IGW, "{}", null).requestToken());
    }
    clock.advance(Duration.ofMillis(999));
    assertThat(tokens)
        .allMatch(t -> slow.getResourceRequestStatus(t).operationStatus().equals("IN_PROGRESS"));
    clock.advance(Duration.ofSeconds(1));
    long done =
        tokens.stream()
            .filter(t -> slow.getResourceRequestStatus(t).operationStatus().equals("SUCCESS"))
            .count();
    assertThat(done).isBetween(10L, 40L);
    clock.advance(Duration.ofMillis(1001));
    assertThat(tokens)
        .allMatch(t -> slow.getResourceRequestStatus(t).operationStatus().equals("SUCCESS"));
  }

  @Test
  void requestsSettleInCompletionOrder() {
    SimCloud slow = cloud(new SimSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), 0, 0));
    String vpc = slow.createResource(VPC, "{\"CidrBlock\":\"10.0.0.0/16\"}", null).identifier();
    clock.advance(Duration.ofSeconds(1));
    // The subnet is submitted before the VPC exists but completes after it: it succeeds.
    ProgressEvent subnet = slow.createResource(SUBNET, subnetJson(vpc, "10.0.1.0/24"), null);
    clock.advance(Duration.ofSeconds(5));
    assertThat(slow.getResourceRequestStatus(subnet.requestToken()).operationStatus())
        .isEqualTo("SUCCESS");
  }

  @Test
  void aClosedGateHoldsEveryMutationUntilItOpens() {
    cloud.gate(false);
    ProgressEvent started = cloud.createResource(IGW, "{}", null);
    clock.advance(Duration.ofMinutes(5));
    assertThat(status(started)).isEqualTo("IN_PROGRESS");
    assertThat(cloud.resources()).isEmpty();

    cloud.gate(true);
    assertThat(status(started)).isEqualTo("SUCCESS");
    assertThat(cloud.resources()).hasSize(1);
  }

  @Test
  void cancelEndsAPendingRequestWithoutEffect() {
    cloud.gate(false);
    ProgressEvent started = cloud.createResource(IGW, "{}", null);
    assertThat(cloud.cancelResourceRequest(started.requestToken()).operationStatus())
        .isEqualTo("CANCEL_COMPLETE");
    cloud.gate(true);
    assertThat(status(started)).isEqualTo("CANCEL_COMPLETE");
    assertThat(cloud.resources()).isEmpty();
  }

  @Test
  void unknownRequestTokenIsAnApiError() {
    assertThatThrownBy(() -> cloud.getResourceRequestStatus("nope"))
        .isInstanceOf(SimException.class)
        .extracting(e -> ((SimException) e).code())
        .isEqualTo("RequestTokenNotFoundException");
  }

  @Test
  void listResourceRequestsAnswersNewestFirst() {
    ProgressEvent a = cloud.createResource(IGW, "{}", null);
    ProgressEvent b = cloud.createResource(IGW, "{}", null);
    assertThat(cloud.listResourceRequests())
        .extracting(ProgressEvent::requestToken)
        .containsExactly(b.requestToken(), a.requestToken());
  }

  // ---- identifiers and outputs ----

  @Test
  void identifiersAndOutputsLookLikeAws() throws Exception {
    String role = name("app-role");
    ObjectNode roleModel =
        model(create(ROLE, "{\"RoleName\":\"" + role + "\",\"Path\":\"/services/\"}", "eu-west-1"));
    assertThat(roleModel.get("Arn").asText())
        .isEqualTo("arn:aws:iam::123456789012:role/services/" + role);
    assertThat(roleModel.get("RoleId").asText()).matches("AROA[A-Z0-9]{17}");

    ProgressEvent q = create(QUEUE, "{\"QueueName\":\"orders\"}", "eu-west-1");
    assertThat(q.identifier()).isEqualTo("https://sqs.eu-west-1.amazonaws.com/123456789012/orders");
    assertThat(model(q).get("Arn").asText()).isEqualTo("arn:aws:sqs:eu-west-1:123456789012:orders");

    ProgressEvent zone = create(ZONE, "{\"Name\":\"example.com.\"}", null);
    assertThat(zone.identifier()).matches("Z[A-Z0-9]{20}");
    assertThat(model(zone).get("NameServers")).hasSize(4);

    ProgressEvent generated = create(ROLE, "{}", null);
    assertThat(generated.identifier()).startsWith("sim-");
    assertThat(model(generated).get("RoleName").asText()).isEqualTo(generated.identifier());

    ProgressEvent key = create("AWS::KMS::Key", "{}", null);
    assertThat(model(key).get("Arn").asText())
        .isEqualTo("arn:aws:kms:us-east-1:123456789012:key/" + key.identifier());
  }

  @Test
  void readOnlyOutputsAreTheCloudsWhateverTheRequestSays() throws Exception {
    ProgressEvent policy =
        create(POLICY, "{\"ManagedPolicyName\":\"p1\",\"PolicyArn\":\"forged\"}", null);
    assertThat(policy.identifier()).isEqualTo("arn:aws:iam::123456789012:policy/p1");
    assertThat(model(policy).get("PolicyArn").asText()).isEqualTo(policy.identifier());

    ProgressEvent instance = create("AWS::EC2::Instance", "{\"ImageId\":\"ami-1\"}", null);
    String ip = model(instance).get("PrivateIp").asText();
    assertThat(ip).startsWith("10.");
    await(
        cloud.updateResource(
            "AWS::EC2::Instance",
            instance.identifier(),
            "[{\"op\":\"replace\",\"path\":\"/PrivateIp\",\"value\":\"1.2.3.4\"}]",
            null));
    JsonNode read =
        JSON.readTree(cloud.getResource("AWS::EC2::Instance", instance.identifier()).properties());
    assertThat(read.get("PrivateIp").asText()).isEqualTo(ip);
  }

  @Test
  void aMissingIdentifyingPropertyFailsTheCreate() {
    ProgressEvent e = await(cloud.createResource(ROLE_POLICY, "{\"PolicyName\":\"p\"}", null));
    assertThat(e.operationStatus()).isEqualTo("FAILED");
    assertThat(e.errorCode()).isEqualTo("InvalidRequest");
    assertThat(e.statusMessage()).contains("RoleName");
  }

  @Test
  void anExistingIdentifierFailsTheCreateWithAlreadyExists() {
    String q = name("q");
    create(QUEUE, "{\"QueueName\":\"" + q + "\"}", null);
    ProgressEvent again = await(cloud.createResource(QUEUE, "{\"QueueName\":\"" + q + "\"}", null));
    assertThat(again.operationStatus()).isEqualTo("FAILED");
    assertThat(again.errorCode()).isEqualTo("AlreadyExists");
  }

  @Test
  void writeOnlyPropertiesAreNotReadBack() throws Exception {
    ProgressEvent s = create(SECRET, "{\"Name\":\"db\",\"SecretString\":\"hunter2\"}", null);
    assertThat(s.identifier())
        .matches("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-[A-Z0-9]{6}");
    assertThat(model(s).has("SecretString")).isFalse();
    JsonNode read = JSON.readTree(cloud.getResource(SECRET, s.identifier()).properties());
    assertThat(read.has("SecretString")).isFalse();
    assertThat(read.get("Name").asText()).isEqualTo("db");
  }

  // ---- references ----

  @Test
  void aSubnetInAnUnknownVpcFails() {
    ProgressEvent e =
        await(
            cloud.createResource(SUBNET, subnetJson("vpc-00000000000000000", "10.0.1.0/24"), null));
    assertThat(e.operationStatus()).isEqualTo("FAILED");
    assertThat(e.errorCode()).isEqualTo("InvalidRequest");
    assertThat(e.statusMessage()).contains("VpcId").contains("vpc-00000000000000000");
    assertThat(cloud.resources()).isEmpty();
  }

  @Test
  void anUpdateNamingAMissingResourceFails() {
    String vpc = vpc();
    String subnet = create(SUBNET, subnetJson(vpc, "10.0.1.0/24"), null).identifier();
    String role = create(ROLE, "{}", null).identifier();
    String profile = create(PROFILE, "{\"Roles\":[\"" + role + "\"]}", null).identifier();
    ProgressEvent e =
        await(
            cloud.updateResource(
                PROFILE,
                profile,
                "[{\"op\":\"add\",\"path\":\"/Roles/-\",\"value\":\"ghost\"}]",
                null));
    assertThat(e.errorCode()).isEqualTo("InvalidRequest");
    assertThat(e.statusMessage()).contains("Roles").contains("ghost");
    assertThat(subnet).startsWith("subnet-");
  }

  @Test
  void awsManagedPoliciesAndKeysNeedNoResource() {
    ProgressEvent e =
        create(ROLE, "{\"ManagedPolicyArns\":[\"arn:aws:iam::aws:policy/ReadOnlyAccess\"]}", null);
    assertThat(e.operationStatus()).isEqualTo("SUCCESS");
    assertThat(create(QUEUE, "{\"KmsMasterKeyId\":\"alias/aws/sqs\"}", null).operationStatus())
        .isEqualTo("SUCCESS");
  }

  // ---- delete constraints ----

  @Test
  void aVpcWithSubnetsCannotBeDeleted() {
    String vpc = vpc();
    String subnet = create(SUBNET, subnetJson(vpc, "10.0.1.0/24"), null).identifier();

    ProgressEvent refused = await(cloud.deleteResource(VPC, vpc, null));
    assertThat(refused.operationStatus()).isEqualTo("FAILED");
    assertThat(refused.errorCode()).isEqualTo("ResourceConflict");
    assertThat(refused.statusMessage()).startsWith("DependencyViolation: ").contains(subnet);

    assertThat(await(cloud.deleteResource(SUBNET, subnet, null)).operationStatus())
        .isEqualTo("SUCCESS");
    assertThat(await(cloud.deleteResource(VPC, vpc, null)).operationStatus()).isEqualTo("SUCCESS");
  }

  @Test
  void aVpcOrGatewayWithAnAttachmentCannotBeDeleted() {
    String vpc = vpc();
    String igw = create(IGW, "{}", null).identifier();
    String attachment =
        create(
                ATTACHMENT,
                "{\"VpcId\":\"" + vpc + "\",\"InternetGatewayId\":\"" + igw + "\"}",
                null)
            .identifier();
    assertThat(attachment).isEqualTo("IGW|" + vpc);

    assertThat(await(cloud.deleteResource(VPC, vpc, null)).statusMessage())
        .startsWith("DependencyViolation");
    assertThat(await(cloud.deleteResource(IGW, igw, null)).statusMessage())
        .startsWith("DependencyViolation");

    await(cloud.deleteResource(ATTACHMENT, attachment, null));
    assertThat(await(cloud.deleteResource(IGW, igw, null)).operationStatus()).isEqualTo("SUCCESS");
    assertThat(await(cloud.deleteResource(VPC, vpc, null)).operationStatus()).isEqualTo("SUCCESS");
  }

  @Test
  void aHostedZoneWithRecordSetsCannotBeDeleted() {
    String zone = create(ZONE, "{\"Name\":\"corp.example.com.\"}", null).identifier();
    String byId =
        create(
                RECORD,
                "{\"HostedZoneId\":\""
                    + zone
                    + "\",\"Name\":\"a.corp.example.com.\",\"Type\":\"A\","
                    + "\"ResourceRecords\":[\"10.0.0.1\"]}",
                null)
            .identifier();
    String byName =
        create(
                RECORD,
                "{\"HostedZoneName\":\"corp.example.com.\",\"Name\":\"b.corp.example.com.\","
                    + "\"Type\":\"A\",\"ResourceRecords\":[\"10.0.0.2\"]}",
                null)
            .identifier();

    ProgressEvent refused = await(cloud.deleteResource(ZONE, zone, null));
    assertThat(refused.errorCode()).isEqualTo("ResourceConflict");
    assertThat(refused.statusMessage()).startsWith("HostedZoneNotEmpty: ");

    await(cloud.deleteResource(RECORD, byId, null));
    assertThat(await(cloud.deleteResource(ZONE, zone, null)).statusMessage())
        .startsWith("HostedZoneNotEmpty: ")
        .contains(byName);
    await(cloud.deleteResource(RECORD, byName, null));
    assertThat(await(cloud.deleteResource(ZONE, zone, null)).operationStatus())
        .isEqualTo("SUCCESS");
  }

  @Test
  void aRoleInAnInstanceProfileCannotBeDeleted() {
    String role = create(ROLE, "{\"RoleName\":\"" + name("r") + "\"}", null).identifier();
    String profile = create(PROFILE, "{\"Roles\":[\"" + role + "\"]}", null).identifier();

    ProgressEvent refused = await(cloud.deleteResource(ROLE, role, null));
    assertThat(refused.errorCode()).isEqualTo("ResourceConflict");
    assertThat(refused.statusMessage()).startsWith("DeleteConflict: ").contains(profile);

    await(cloud.deleteResource(PROFILE, profile, null));
    assertThat(await(cloud.deleteResource(ROLE, role, null)).operationStatus())
        .isEqualTo("SUCCESS");
  }

  @Test
  void aRoleWithAnAttachedManagedPolicyCannotBeDeleted() {
    String role = create(ROLE, "{}", null).identifier();
    String policy =
        create(POLICY, "{\"PolicyDocument\":{},\"Roles\":[\"" + role + "\"]}", null).identifier();
    assertThat(policy).startsWith("arn:aws:iam::123456789012:policy/sim-");

    assertThat(await(cloud.deleteResource(ROLE, role, null)).statusMessage())
        .startsWith("DeleteConflict: ");
    // Detaching the policy by update frees the role.
    await(cloud.updateResource(POLICY, policy, "[{\"op\":\"remove\",\"path\":\"/Roles\"}]", null));
    assertThat(await(cloud.deleteResource(ROLE, role, null)).operationStatus())
        .isEqualTo("SUCCESS");
  }

  @Test
  void aRoleWithAnInlinePolicyCannotBeDeleted() {
    String role = create(ROLE, "{}", null).identifier();
    String inline =
        create(ROLE_POLICY, "{\"PolicyName\":\"inline\",\"RoleName\":\"" + role + "\"}", null)
            .identifier();
    assertThat(inline).isEqualTo("inline|" + role);
    assertThat(await(cloud.deleteResource(ROLE, role, null)).statusMessage())
        .startsWith("DeleteConflict: ");
    await(cloud.deleteResource(ROLE_POLICY, inline, null));
    assertThat(await(cloud.deleteResource(ROLE, role, null)).operationStatus())
        .isEqualTo("SUCCESS");
  }

  @Test
  void aRoleALambdaFunctionUsesMayBeDeleted() throws Exception {
    ProgressEvent role = create(ROLE, "{}", null);
    create(FUNCTION, "{\"Role\":\"" + model(role).get("Arn").asText() + "\"}", null);
    assertThat(await(cloud.deleteResource(ROLE, role.identifier(), null)).operationStatus())
        .isEqualTo("SUCCESS");
  }

  @Test
  void deletingAMissingResourceFailsWithNotFound() {
    ProgressEvent e = await(cloud.deleteResource(VPC, "vpc-0123456789abcdef0", null));
    assertThat(e.operationStatus()).isEqualTo("FAILED");
    assertThat(e.errorCode()).isEqualTo("NotFound");
  }

  // ---- updates ----

  @Test
  void anUpdateAppliesThePatchAndKeepsOutputs() throws Exception {
    ProgressEvent q = create(QUEUE, "{\"QueueName\":\"" + name("q") + "\"}", null);
    String arn = model(q).get("Arn").asText();
    ProgressEvent u =
        await(
            cloud.updateResource(
                QUEUE,
                q.identifier(),
                "[{\"op\":\"add\",\"path\":\"/VisibilityTimeout\",\"value\":60},"
                    + "{\"op\":\"replace\",\"path\":\"/Arn\",\"value\":\"forged\"}]",
                null));
    assertThat(u.operationStatus()).isEqualTo("SUCCESS");
    JsonNode read = JSON.readTree(cloud.getResource(QUEUE, q.identifier()).properties());
    assertThat(read.get("VisibilityTimeout").asInt()).isEqualTo(60);
    assertThat(read.get("Arn").asText()).isEqualTo(arn);
  }

  @Test
  void changingACreateOnlyPropertyIsNotUpdatable() {
    String vpc = vpc();
    ProgressEvent u =
        await(
            cloud.updateResource(
                VPC,
                vpc,
                "[{\"op\":\"replace\",\"path\":\"/CidrBlock\",\"value\":\"10.9.0.0/16\"}]",
                null));
    assertThat(u.errorCode()).isEqualTo("NotUpdatable");
    assertThat(u.statusMessage()).contains("CidrBlock");
  }

  @Test
  void aMalformedPatchIsAValidationError() {
    String vpc = vpc();
    assertThatThrownBy(() -> cloud.updateResource(VPC, vpc, "{\"op\":\"add\"}", null))
        .extracting(e -> ((SimException) e).code())
        .isEqualTo("ValidationException");
  }

  @Test
  void anUpdateWhileAnotherIsInProgressIsAConcurrentOperation() {
    String vpc = vpc();
    cloud.gate(false);
    String patch = "[{\"op\":\"add\",\"path\":\"/EnableDnsHostnames\",\"value\":true}]";
    cloud.updateResource(VPC, vpc, patch, null);
    assertThatThrownBy(() -> cloud.deleteResource(VPC, vpc, null))
        .extracting(e -> ((SimException) e).code())
        .isEqualTo("ConcurrentOperationException");
    cloud.gate(true);
    assertThat(await(cloud.deleteResource(VPC, vpc, null)).operationStatus()).isEqualTo("SUCCESS");
  }

  // ---- idempotency ----

  @Test
  void aRepeatedClientTokenAnswersTheSameRequest() {
    ProgressEvent first = cloud.createResource(IGW, "{}", "token-1");
    ProgressEvent again = cloud.createResource(IGW, "{}", "token-1");
    assertThat(again.requestToken()).isEqualTo(first.requestToken());
    assertThat(again.identifier()).isEqualTo(first.identifier());
    assertThat(cloud.resources()).hasSize(1);

    ProgressEvent afterwards = cloud.createResource(IGW, "{}", "token-1");
    assertThat(afterwards.operationStatus()).isEqualTo("SUCCESS");
    assertThat(cloud.resources()).hasSize(1);

    ProgressEvent other = await(cloud.createResource(IGW, "{}", "token-2"));
    assertThat(other.requestToken()).isNotEqualTo(first.requestToken());
    assertThat(cloud.resources()).hasSize(2);
  }

  @Test
  void updatesAndDeletesAreIdempotentPerToken() {
    String vpc = vpc();
    String patch = "[{\"op\":\"add\",\"path\":\"/EnableDnsHostnames\",\"value\":true}]";
    ProgressEvent u = await(cloud.updateResource(VPC, vpc, patch, "u-1"));
    assertThat(cloud.updateResource(VPC, vpc, patch, "u-1").requestToken())
        .isEqualTo(u.requestToken());
    ProgressEvent d = await(cloud.deleteResource(VPC, vpc, "d-1"));
    ProgressEvent replay = cloud.deleteResource(VPC, vpc, "d-1");
    assertThat(replay.requestToken()).isEqualTo(d.requestToken());
    assertThat(replay.operationStatus()).isEqualTo("SUCCESS");
  }

  @Test
  void aClientTokenReusedForAnotherOperationConflicts() {
    String vpc = vpc();
    cloud.createResource(IGW, "{}", "shared");
    assertThatThrownBy(() -> cloud.deleteResource(VPC, vpc, "shared"))
        .extracting(e -> ((SimException) e).code())
        .isEqualTo("ClientTokenConflictException");
  }

  // ---- faults ----

  @Test
  void aRuleWithAHandlerCodeFailsTheNextCountOperations() {
    cloud.addRule(new FailureRule("Create", IGW, null, "AccessDenied", 2));
    assertThat(await(cloud.createResource(IGW, "{}", null)).errorCode()).isEqualTo("AccessDenied");
    assertThat(
            await(cloud.createResource(VPC, "{\"CidrBlock\":\"10.1.0.0/16\"}", null)).errorCode())
        .isNull();
    assertThat(await(cloud.createResource(IGW, "{}", null)).errorCode()).isEqualTo("AccessDenied");
    assertThat(await(cloud.createResource(IGW, "{}", null)).operationStatus()).isEqualTo("SUCCESS");
  }

  @Test
  void aRuleMatchesByName() {
    String q = name("q");
    cloud.addRule(new FailureRule("Create", null, q, "ServiceLimitExceeded", 1));
    assertThat(await(cloud.createResource(QUEUE, "{\"QueueName\":\"other\"}", null)).errorCode())
        .isNull();
    assertThat(
            await(cloud.createResource(QUEUE, "{\"QueueName\":\"" + q + "\"}", null)).errorCode())
        .isEqualTo("ServiceLimitExceeded");
  }

  @Test
  void aThrottlingRuleFailsTheApiCall() {
    String vpc = vpc();
    cloud.addRule(new FailureRule("Delete", VPC, vpc, "ThrottlingException", 1));
    assertThatThrownBy(() -> cloud.deleteResource(VPC, vpc, "t"))
        .isInstanceOfSatisfying(
            SimException.class,
            e -> {
              assertThat(e.code()).isEqualTo("ThrottlingException");
              assertThat(e.httpStatus()).isEqualTo(400);
            });
    assertThat(await(cloud.deleteResource(VPC, vpc, "t")).operationStatus()).isEqualTo("SUCCESS");
  }

  @Test
  void readAndListRulesFailTheCall() {
    String vpc = vpc();
    cloud.addRule(new FailureRule("Read", VPC, null, "InternalFailure", 1));
    cloud.addRule(new FailureRule("List", VPC, null, "AccessDenied", 1));
    assertThatThrownBy(() -> cloud.getResource(VPC, vpc))
        .isInstanceOfSatisfying(SimException.class, e -> assertThat(e.httpStatus()).isEqualTo(500));
    assertThatThrownBy(() -> cloud.listResources(VPC, null, 10))
        .extracting(e -> ((SimException) e).code())
        .isEqualTo("AccessDeniedException");
    assertThat(cloud.getResource(VPC, vpc).identifier()).isEqualTo(vpc);
    assertThat(cloud.listResources(VPC, null, 10).descriptions()).hasSize(1);
  }

  @Test
  void clearRulesForgetsThem() {
    cloud.addRule(new FailureRule("Create", null, null, "AccessDenied", 5));
    cloud.clearRules();
    assertThat(await(cloud.createResource(IGW, "{}", null)).operationStatus()).isEqualTo("SUCCESS");
  }

  @Test
  void throttleAndErrorRatesFailAShareOfCalls() {
    SimCloud flaky = cloud(new SimSettings(Duration.ZERO, Duration.ZERO, 0.2, 0.1));
    int throttled = 0;
    int failed = 0;
    for (int i = 0; i < 2000; i++) {
      try {
        flaky.listResources(VPC, null, 1);
      } catch (SimException e) {
        if (e.code().equals("ThrottlingException")) {
          throttled++;
          assertThat(e.httpStatus()).isEqualTo(400);
        } else {
          assertThat(e.code()).isEqualTo("InternalFailure");
          assertThat(e.httpStatus()).isEqualTo(500);
          failed++;
        }
      }
    }
    assertThat(throttled).isBetween(320, 480);
    // 10% of the 80% that were not throttled.
    assertThat(failed).isBetween(110, 210);

    flaky.configure(SimSettings.IDEAL);
    for (int i = 0; i < 200; i++) {
      flaky.listResources(VPC, null, 1);
    }
  }

  @Test
  void aSeededCloudFailsTheSameCalls() {
    SimSettings s = new SimSettings(Duration.ZERO, Duration.ZERO, 0.3, 0);
    List<Boolean> a =
        outcomes(SimCloud.builder().settings(s).random(new SplittableRandom(3)).build());
    List<Boolean> b =
        outcomes(SimCloud.builder().settings(s).random(new SplittableRandom(3)).build());
    assertThat(a).isEqualTo(b).contains(true, false);
  }

  private static List<Boolean> outcomes(SimCloud c) {
    List<Boolean> out = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      try {
        c.listResources(VPC, null, 1);
        out.add(true);
      } catch (SimException e) {
        out.add(false);
      }
    }
    return out;
  }

  // ---- out of band ----

  @Test
  void outOfBandChangesAreVisibleInReads() throws Exception {
    String vpc =
        cloud.outOfBandCreate(VPC, (ObjectNode) JSON.readTree("{\"CidrBlock\":\"10.2.0.0/16\"}"));
    assertThat(vpc).matches("vpc-[0-9a-f]{17}");
    assertThat(JSON.readTree(cloud.getResource(VPC, vpc).properties()).get("VpcId").asText())
        .isEqualTo(vpc);

    cloud.outOfBandUpdate(VPC, vpc, (ObjectNode) JSON.readTree("{\"EnableDnsHostnames\":true}"));
    JsonNode read = JSON.readTree(cloud.getResource(VPC, vpc).properties());
    assertThat(read.get("EnableDnsHostnames").asBoolean()).isTrue();
    assertThat(read.get("CidrBlock").asText()).isEqualTo("10.2.0.0/16");

    // Out of band ignores dependents, as a console user with enough rights would.
    String subnet = create(SUBNET, subnetJson(vpc, "10.2.1.0/24"), null).identifier();
    cloud.outOfBandDelete(VPC, vpc);
    assertThatThrownBy(() -> cloud.getResource(VPC, vpc))
        .extracting(e -> ((SimException) e).code())
        .isEqualTo("ResourceNotFoundException");
    // The subnet's VPC is gone; deleting the subnet still works.
    assertThat(await(cloud.deleteResource(SUBNET, subnet, null)).operationStatus())
        .isEqualTo("SUCCESS");
  }

  // ---- list, snapshot, log, reset ----

  @Test
  void listPagesThroughEveryResourceOfAType() {
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      created.add(create(IGW, "{}", null).identifier());
    }
    vpc();
    Set<String> listed = new HashSet<>();
    String token = null;
    int pages = 0;
    do {
      ResourcePage page = cloud.listResources(IGW, token, 3);
      assertThat(page.descriptions()).hasSizeLessThanOrEqualTo(3);
      page.descriptions().forEach(d -> listed.add(d.identifier()));
      token = page.nextToken();
      pages++;
    } while (token != null);
    assertThat(listed).isEqualTo(created);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void unknownTypesAreRefused() {
    assertThatThrownBy(() -> cloud.createResource("AWS::Nope::Thing", "{}", null))
        .extracting(e -> ((SimException) e).code())
        .isEqualTo("TypeNotFoundException");
  }

  @Test
  void theOplogRecordsEveryOperationInOrder() {
    ProgressEvent c = cloud.createResource(IGW, "{}", "ct");
    cloud.getResourceRequestStatus(c.requestToken());
    cloud.getResource(IGW, c.identifier());
    cloud.listResources(IGW, null, 5);
    cloud.deleteResource(IGW, c.identifier(), "dt");
    assertThat(cloud.oplog())
        .extracting(OpLogEntry::op)
        .containsExactly("Create", "Status", "Read", "List", "Delete");
    OpLogEntry create = cloud.oplog().get(0);
    assertThat(create.identifier()).isEqualTo(c.identifier());
    assertThat(create.clientToken()).isEqualTo("ct");
    assertThat(create.ts()).isEqualTo(clock.instant());
  }

  @Test
  void resetForgetsEverything() {
    vpc();
    cloud.addRule(new FailureRule("Create", null, null, "AccessDenied", 1));
    cloud.gate(false);
    cloud.configure(new SimSettings(Duration.ofSeconds(1), Duration.ofSeconds(2), 0.5, 0.5));
    cloud.reset();
    assertThat(cloud.resources()).isEmpty();
    assertThat(cloud.oplog()).isEmpty();
    assertThat(cloud.listResourceRequests()).isEmpty();
    assertThat(cloud.settings()).isEqualTo(SimSettings.IDEAL);
    assertThat(cloud.gateOpen()).isTrue();
    assertThat(await(cloud.createResource(IGW, "{}", null)).operationStatus()).isEqualTo("SUCCESS");
  }

  // ---- helpers ----

  private String vpc() {
    return create(VPC, "{\"CidrBlock\":\"10.0.0.0/16\"}", null).identifier();
  }

  private static String subnetJson(String vpc, String cidr) {
    return "{\"VpcId\":\"" + vpc + "\",\"CidrBlock\":\"" + cidr + "\"}";
  }

  private ProgressEvent create(String type, String json, String region) {
    ProgressEvent e = await(cloud.createResource(type, json, null, region));
    assertThat(e.operationStatus()).as("%s: %s", type, e.statusMessage()).isEqualTo("SUCCESS");
    return e;
  }

  private ProgressEvent await(ProgressEvent e) {
    ProgressEvent now = e;
    for (int i = 0; i < 10 && now.operationStatus().equals("IN_PROGRESS"); i++) {
      now = cloud.getResourceRequestStatus(e.requestToken());
    }
    return now;
  }

  private String status(ProgressEvent e) {
    return cloud.getResourceRequestStatus(e.requestToken()).operationStatus();
  }

  private static ObjectNode model(ProgressEvent e) throws Exception {
    return (ObjectNode) JSON.readTree(e.resourceModel());
  }
}
