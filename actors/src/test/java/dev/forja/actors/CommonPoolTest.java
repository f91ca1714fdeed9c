package dev.forja.actors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommonPoolTest {
  private String saved;

  @BeforeEach
  void save() {
    saved = System.getProperty(CommonPool.PARALLELISM);
  }

  @AfterEach
  void restore() {
    if (saved == null) {
      System.clearProperty(CommonPool.PARALLELISM);
    } else {
      System.setProperty(CommonPool.PARALLELISM, saved);
    }
  }

  @Test
  void asksForAtLeastTwoThreadsWhenNothingIsSet() {
    System.clearProperty(CommonPool.PARALLELISM);

    CommonPool.requestParallelism();

    assertThat(Integer.parseInt(System.getProperty(CommonPool.PARALLELISM)))
        .isGreaterThanOrEqualTo(2)
        .isGreaterThanOrEqualTo(Runtime.getRuntime().availableProcessors() - 1);
  }

  @Test
  void keepsWhatTheUserSet() {
    System.setProperty(CommonPool.PARALLELISM, "7");

    CommonPool.requestParallelism();

    assertThat(System.getProperty(CommonPool.PARALLELISM)).isEqualTo("7");
  }
}
