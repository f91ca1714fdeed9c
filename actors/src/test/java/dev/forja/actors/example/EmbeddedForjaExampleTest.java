package dev.forja.actors.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.FormaCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LogCapturingExtension.class)
class EmbeddedForjaExampleTest {

  @Test
  void appliesThenDestroysTheExampleFormaAndSaysSo() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    FormaCommand destroyed;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      destroyed = EmbeddedForjaExample.run(out);
    }

    assertThat(destroyed.state()).isEqualTo(CommandState.SUCCESS);
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("apply Success", "the cloud holds 3 resources")
        .contains("destroy Success", "the cloud holds 0 resources");
  }
}
