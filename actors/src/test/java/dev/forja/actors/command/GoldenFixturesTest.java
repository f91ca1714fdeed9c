package dev.forja.actors.command;

import static dev.forja.actors.command.CommandFixtures.CONFIG;
import static dev.forja.actors.command.CommandFixtures.NOW;
import static dev.forja.actors.command.CommandFixtures.TARGET;
import static dev.forja.actors.command.CommandFixtures.cloudProperties;
import static dev.forja.actors.command.CommandFixtures.command;
import static dev.forja.actors.command.CommandFixtures.planned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forja.actors.command.internal.CommandEvent;
import dev.forja.actors.command.internal.CommandEvent.CancelRequested;
import dev.forja.actors.command.internal.CommandEvent.CommandAccepted;
import dev.forja.actors.command.internal.CommandEvent.CommandFinished;
import dev.forja.actors.command.internal.CommandEvent.DependentsFailed;
import dev.forja.actors.command.internal.CommandEvent.UpdateAttemptStarted;
import dev.forja.actors.command.internal.CommandEvent.UpdateFinished;
import dev.forja.actors.command.internal.CommandEvent.UpdateRequestTokenRecorded;
import dev.forja.actors.command.internal.CommandSnapshot;
import dev.forja.actors.command.internal.RegistryEvent;
import dev.forja.actors.command.internal.RegistryEvent.CommandEnded;
import dev.forja.actors.command.internal.RegistryEvent.CommandRegistered;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.UpdateState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Journals outlive code: every persisted type has a JSON fixture, written once in the form Pekko's
 * Jackson serializer produces, and must still read back as the same value. A change that breaks
 * this breaks recorded journals; add a new version (a {@code .v2.json} and a migration) instead.
 *
 * <p>To write a fixture for a new type, run this test with {@code -Dforja.golden.write=true}; it
 * writes missing files under {@code src/test/resources/golden} and never overwrites one.
 */
class GoldenFixturesTest {
  private static final ActorTestKit testKit = ActorTestKit.create(CONFIG);
  private static final ObjectMapper JSON =
      JacksonObjectMapperProvider.get(testKit.system().classicSystem())
          .getOrCreate("jackson-json", Optional.empty());
  private static final String CMD = "2ZxCmd0000000000000000000001";
  private static final String A = "2ZxResA000000000000000000001";
  private static final String B = "2ZxResB000000000000000000002";

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  /** Fixture path under golden/ → the value it must read back as. */
  static Map<String, Object> fixtures() {
    FormaCommand planned =
        command(CMD, planned(A, "a", Operation.CREATE), planned(B, "b", Operation.REPLACE));
    Map<String, Object> f = new LinkedHashMap<>();
    f.put(
        "events/CommandAccepted.v1.json",
        new CommandAccepted(CMD, planned, List.of(new GraphEdge(2, 1)), List.of(TARGET), NOW));
    f.put(
        "events/UpdateAttemptStarted.v1.json",
        new UpdateAttemptStarted(CMD, A, Operation.CREATE, 2, CMD + "-" + A + "-create-2", NOW));
    f.put(
        "events/UpdateRequestTokenRecorded.v1.json",
        new UpdateRequestTokenRecorded(CMD, A, Operation.CREATE, "req-7", "native-a", NOW));
    f.put(
        "events/UpdateFinished.v1.json",
        new UpdateFinished(
            CMD,
            A,
            Operation.CREATE,
            UpdateState.SUCCESS,
            "native-a",
            cloudProperties("a"),
            2,
            null,
            null,
            NOW));
    f.put(
        "events/DependentsFailed.v1.json",
        new DependentsFailed(
            CMD, List.of(B), "DependencyFailed", "depends on web/a, which failed", NOW));
    f.put("events/CancelRequested.v1.json", new CancelRequested(CMD, List.of(B), NOW));
    f.put("events/CommandFinished.v1.json", new CommandFinished(CMD, CommandState.CANCELED, NOW));
    f.put("events/CommandRegistered.v1.json", new CommandRegistered(CMD));
    f.put("events/CommandEnded.v1.json", new CommandEnded(CMD));
    f.put(
        "snapshots/CommandSnapshot.v1.json",
        new CommandSnapshot(
            planned,
            List.of(new GraphEdge(2, 1)),
            List.of(TARGET),
            List.of(new InFlight(B, Operation.CREATE, 1, "tok", "req")),
            List.of(new NodeKey(A, Operation.CREATE), new NodeKey(B, Operation.DELETE)),
            true));
    return f;
  }

  static Stream<String> fixtureNames() {
    return fixtures().keySet().stream();
  }

  @ParameterizedTest
  @MethodSource("fixtureNames")
  void fixtureReadsBackAsTheSameValue(String name) throws IOException {
    Object expected = fixtures().get(name);
    if (Boolean.getBoolean("forja.golden.write")) {
      writeIfMissing(name, expected);
      return;
    }
    byte[] json;
    try (InputStream in = getClass().getResourceAsStream("/golden/" + name)) {
      assertNotNull(in, () -> name + " is missing; its JSON today is:\n" + pretty(expected));
      json = in.readAllBytes();
    }

    // As the serializer reads it: by the class named in the journal's manifest.
    assertEquals(expected, JSON.readValue(json, expected.getClass()));
    if (expected instanceof CommandEvent) {
      assertEquals(expected, JSON.readValue(json, CommandEvent.class));
    }
  }

  @Test
  void everyEventTypeHasAFixture() {
    List<String> covered =
        fixtures().values().stream().map(v -> v.getClass().getSimpleName()).toList();
    Stream.of(CommandEvent.class, RegistryEvent.class)
        .flatMap(t -> Arrays.stream(t.getPermittedSubclasses()))
        .forEach(
            t -> assertTrue(covered.contains(t.getSimpleName()), t.getSimpleName() + " fixture"));
  }

  private static void writeIfMissing(String name, Object value) throws IOException {
    Path file = Path.of("src/test/resources/golden").resolve(name);
    if (!Files.exists(file)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, pretty(value) + "\n");
    }
  }

  private static String pretty(Object value) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
