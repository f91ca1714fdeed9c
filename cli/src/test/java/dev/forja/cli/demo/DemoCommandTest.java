package dev.forja.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forja.cli.CliRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code forja demo}, run in-process with the simulator's latency scaled down: every step prints
 * what the user should see, nothing is left in the inventory or the cloud, and the temporary home
 * is gone afterwards.
 */
class DemoCommandTest {
  private static final Pattern HOME =
      Pattern.compile("SQLite store: (\\S+)[/\\\\]data[/\\\\]forja\\.db \\(deleted at the end\\)");

  @Test
  void appliesReplansWithoutChangesAndDestroysEverything() {
    CliRun run = CliRun.of("demo", "--latency-ms", "1-10");

    assertThat(run.exitCode()).as("stderr: %s%nstdout: %s", run.err(), run.out()).isZero();
    assertThat(run.out())
        .contains(
            "Forja demo: 40 resources in 4 stacks (network, identity, app, dns)",
            "1/4 Apply: 40 to create",
            "[40/40] Success  create",
            "2/4 Inventory: 40 managed resources",
            "network   vpc ",
            "dns       record-www ",
            "3/4 Re-plan (simulate the same apply): no changes",
            "4/4 Destroy: 40 to delete",
            "[40/40] Success  delete",
            "40 created, no changes on re-plan, 40 destroyed, 0 resources left.")
        .doesNotContain("Failed");
    assertThat(run.out().split("ended Success: 40 succeeded of 40", -1)).hasSize(3);
    Matcher home = HOME.matcher(run.out());
    assertThat(home.find()).as("the header names the store: %s", run.out()).isTrue();
    assertThat(Path.of(home.group(1))).doesNotExist();
  }

  @Test
  void bundledFormaCoversTheServicesTheDemoPromises() throws IOException {
    JsonNode forma;
    try (InputStream in = DemoRun.class.getResourceAsStream(DemoRun.FORMA)) {
      assertThat(in).as("the bundled forma").isNotNull();
      forma = new ObjectMapper().readTree(in);
    }
    Set<String> types = new HashSet<>();
    forma.get("Resources").forEach(r -> types.add(r.get("Type").asText()));

    assertThat(forma.get("Resources").size()).isBetween(35, 45);
    assertThat(forma.get("Targets").get(0).get("Namespace").asText()).isEqualTo("SIM");
    assertThat(types)
        .contains(
            "AWS::EC2::VPC",
            "AWS::EC2::Subnet",
            "AWS::EC2::InternetGateway",
            "AWS::EC2::VPCGatewayAttachment",
            "AWS::EC2::RouteTable",
            "AWS::EC2::Route",
            "AWS::EC2::SubnetRouteTableAssociation",
            "AWS::EC2::SecurityGroup",
            "AWS::IAM::Role",
            "AWS::IAM::ManagedPolicy",
            "AWS::IAM::InstanceProfile",
            "AWS::Lambda::Function",
            "AWS::S3::Bucket",
            "AWS::S3::BucketPolicy",
            "AWS::KMS::Key",
            "AWS::KMS::Alias",
            "AWS::Route53::HostedZone",
            "AWS::Route53::RecordSet",
            "AWS::SQS::Queue",
            "AWS::SNS::Topic");
  }

  @Test
  void refusesALatencyRangeThatIsNotOne() {
    CliRun run = CliRun.of("demo", "--latency-ms", "400-50");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'400-50' is not MIN-MAX");
    assertThat(run.out()).doesNotContain("Forja demo");
  }
}
