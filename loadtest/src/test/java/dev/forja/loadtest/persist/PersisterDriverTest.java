package dev.forja.loadtest.persist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.loadtest.persist.PersisterDriver.Run;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A smoke test of the persister benchmark's core, small enough for every build: it keeps the
 * benchmark compiling and running against the persister's protocol. It asserts no timings.
 */
class PersisterDriverTest {

  @Test
  void drivesACommandOfTwentyCreatesToSuccessWithEveryUpdateSucceeded() throws Exception {
    try (PersisterDriver driver = PersisterDriver.start(7, 5, true, Duration.ofSeconds(60))) {
      // run() itself checks the end: Complete replies Success and the read model holds the
      // command Success with all 20 updates Success; anything else throws RunFailed.
      Run run = driver.run(20, false);

      assertThat(run.resources()).isEqualTo(20);
      assertThat(run.records()).isEqualTo(60);
    }
  }
}
