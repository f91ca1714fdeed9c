package dev.forja.actors;

import java.util.concurrent.ForkJoinPool;

/**
 * The JDK's common pool, which runs the callbacks of Pekko's Java-API asks. Those asks complete
 * Scala-backed CompletableFutures, which run even non-async callbacks on the default executor; with
 * a common-pool parallelism of 1 (the JDK's default on 2 cores) that executor starts a new thread
 * for every callback. The engine replies to every plugin call, journal write and update through
 * such callbacks, so on a 2-core machine this cost about a third of the engine's CPU (measured by
 * the loadtest engine scenario).
 */
public final class CommonPool {
  /** The system property the JDK reads once, when the common pool is first used. */
  public static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private CommonPool() {}

  /**
   * Asks for a common-pool parallelism of at least 2, unless the property is already set. Only
   * effective before anything in the JVM has used the common pool: call it first thing in {@code
   * main}.
   */
  public static void requestParallelism() {
    if (System.getProperty(PARALLELISM) == null) {
      int cores = Runtime.getRuntime().availableProcessors();
      System.setProperty(PARALLELISM, Integer.toString(Math.max(2, cores - 1)));
    }
  }

  /** Whether the default executor of CompletableFutures starts a thread per callback. */
  public static boolean threadPerCallback() {
    return ForkJoinPool.getCommonPoolParallelism() <= 1;
  }
}
