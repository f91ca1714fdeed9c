package dev.forja.http;

import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.RouteResult;
import org.apache.pekko.http.javadsl.testkit.RouteTest;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.Assertions;
import scala.concurrent.Future;
import scala.concurrent.duration.FiniteDuration;

/**
 * Pekko HTTP's route testkit for JUnit 5: its {@code JUnitRouteTest} is JUnit 4 only, so this
 * supplies the actor system and the assertions {@link RouteTest} leaves abstract.
 */
final class RouteTesting extends RouteTest {
  private final org.apache.pekko.actor.ActorSystem system;
  private final Materializer materializer;

  RouteTesting(org.apache.pekko.actor.typed.ActorSystem<?> system) {
    this.system = system.classicSystem();
    this.materializer = Materializer.matFromSystem(system);
  }

  @Override
  public org.apache.pekko.actor.ActorSystem system() {
    return system;
  }

  @Override
  public Materializer materializer() {
    return materializer;
  }

  @Override
  public FiniteDuration awaitDuration() {
    // Submits plan and store a command before answering; a loaded build machine is slow.
    return new FiniteDuration(60, TimeUnit.SECONDS);
  }

  @Override
  public TestRouteResult createTestRouteResultAsync(
      HttpRequest request, Future<RouteResult> result) {
    return new TestRouteResult(result, awaitDuration(), system.dispatcher(), materializer) {
      @Override
      public void fail(String message) {
        Assertions.fail(message);
      }

      @Override
      public void assertEquals(Object expected, Object actual, String message) {
        Assertions.assertEquals(expected, actual, message);
      }

      @Override
      public void assertEquals(int expected, int actual, String message) {
        Assertions.assertEquals(expected, actual, message);
      }

      @Override
      public void assertTrue(boolean predicate, String message) {
        Assertions.assertTrue(predicate, message);
      }
    };
  }
}
