package dev.forja.plugin.sim.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimCloudPersistenceTest {
  private static final String VPC = "AWS::EC2::VPC";
  private static final String SUBNET = "AWS::EC2::Subnet";

  @TempDir Path dir;

  private final MutableClock clock = MutableClock.atEpoch();

  private SimCloud open(Path file, long seed) {
    return SimCloud.builder()
        .stateFile(file)
        .clock(clock)
        .random(new SplittableRandom(seed))
        .build();
  }

  @Test
  void resourcesRequestsAndTokensSurviveAReopen() {
    Path file = dir.resolve("state/sim.json");
    String vpc;
    String subnet;
    String createToken;
    try (SimCloud cloud = open(file, 1)) {
      ProgressEvent c = cloud.createResource(VPC, "{\"CidrBlock\":\"10.0.0.0/16\"}", "client-1");
      createToken = c.requestToken();
      vpc = cloud.getResourceRequestStatus(createToken).identifier();
      ProgressEvent s =
          cloud.createResource(
              SUBNET, "{\"VpcId\":\"" + vpc + "\",\"CidrBlock\":\"10.0.1.0/24\"}", "client-2");
      subnet = cloud.getResourceRequestStatus(s.requestToken()).identifier();
    }
    assertThat(file).exists();
    assertThat(file.resolveSibling("sim.json.tmp")).doesNotExist();

    try (SimCloud cloud = open(file, 2)) {
      assertThat(cloud.resources())
          .extracting(SimResource::identifier)
          .containsExactlyInAnyOrder(vpc, subnet);
      ProgressEvent status = cloud.getResourceRequestStatus(createToken);
      assertThat(status.operationStatus()).isEqualTo("SUCCESS");
      assertThat(status.resourceModel()).contains(vpc);

      ProgressEvent replay =
          cloud.createResource(VPC, "{\"CidrBlock\":\"10.0.0.0/16\"}", "client-1");
      assertThat(replay.requestToken()).isEqualTo(createToken);
      assertThat(cloud.resources()).hasSize(2);

      // The indexes are rebuilt: the subnet still holds its VPC.
      ProgressEvent refused = cloud.deleteResource(VPC, vpc, null);
      assertThat(cloud.getResourceRequestStatus(refused.requestToken()).statusMessage())
          .startsWith("DependencyViolation");
    }
  }

  @Test
  void aRequestInProgressCompletesAfterAReopen() {
    Path file = dir.resolve("sim.json");
    String token;
    try (SimCloud cloud = open(file, 1)) {
      cloud.configure(new SimSettings(Duration.ofSeconds(10), Duration.ofSeconds(10), 0, 0));
      token = cloud.createResource(VPC, "{\"CidrBlock\":\"10.0.0.0/16\"}", "c").requestToken();
    }
    try (SimCloud cloud = open(file, 2)) {
      assertThat(cloud.getResourceRequestStatus(token).operationStatus()).isEqualTo("IN_PROGRESS");
      clock.advance(Duration.ofSeconds(10));
      assertThat(cloud.getResourceRequestStatus(token).operationStatus()).isEqualTo("SUCCESS");
      assertThat(cloud.resources()).hasSize(1);
    }
  }

  @Test
  void theBackgroundWriterSavesWithoutAClose() throws Exception {
    Path file = dir.resolve("sim.json");
    SimCloud cloud = open(file, 1);
    try {
      String token =
          cloud.createResource(VPC, "{\"CidrBlock\":\"10.0.0.0/16\"}", null).requestToken();
      cloud.getResourceRequestStatus(token);
      // A probe, not a sleep: the writer runs every FLUSH_MILLIS.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!(Files.exists(file) && Files.readString(file).contains("vpc-"))
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(Files.readString(file)).contains("vpc-");
    } finally {
      cloud.close();
    }
  }

  @Test
  void resetIsPersistedToo() {
    Path file = dir.resolve("sim.json");
    try (SimCloud cloud = open(file, 1)) {
      cloud.getResourceRequestStatus(
          cloud.createResource(VPC, "{\"CidrBlock\":\"10.0.0.0/16\"}", null).requestToken());
      cloud.reset();
    }
    try (SimCloud cloud = open(file, 2)) {
      assertThat(cloud.resources()).isEmpty();
    }
  }
}
