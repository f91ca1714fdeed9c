package dev.forja.http;

import static dev.forja.http.TestAgent.queues;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forja.engine.command.CommandState;
import dev.forja.http.dto.ApiJson;
import dev.forja.http.dto.CommandStatus;
import dev.forja.http.dto.InventoryItem;
import dev.forja.http.dto.ProblemDetails;
import dev.forja.http.dto.SubmitResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Clients read the routes' bodies with the dto classes and write back exactly the same JSON. */
@ExtendWith(LogCapturingExtension.class)
class DtoRoundTripTest {
  private static final ObjectMapper CLIENT = ApiJson.newMapper();

  private final TestAgent agent = new TestAgent();

  @AfterEach
  void close() {
    agent.close();
  }

  @Test
  void theBodiesReadIntoTheDtosAndWriteBackUnchanged() throws Exception {
    String submitted = agent.post("/api/v1/commands", queues("dto", "patch")).entityString();
    SubmitResult result = CLIENT.readValue(submitted, SubmitResult.class);
    assertThat(result.changesRequired()).isTrue();
    assertThat(new String(ApiJson.toBytes(result), StandardCharsets.UTF_8)).isEqualTo(submitted);
    agent.awaitEnd(result.commandId());

    String status = agent.get("/api/v1/commands/" + result.commandId()).entityString();
    CommandStatus c = CLIENT.readValue(status, CommandStatus.class);
    assertThat(c.state()).isEqualTo(CommandState.SUCCESS);
    assertThat(c.resourceUpdates()).hasSize(2);
    assertThat(CLIENT.writeValueAsString(c)).isEqualTo(status);

    String listing = agent.get("/api/v1/commands").entityString();
    List<CommandStatus> cs = CLIENT.readValue(listing, new TypeReference<List<CommandStatus>>() {});
    assertThat(cs.get(0).resourceUpdates()).isNull();
    assertThat(CLIENT.writeValueAsString(cs)).isEqualTo(listing);

    String inventory = agent.get("/api/v1/resources").entityString();
    List<InventoryItem> items =
        CLIENT.readValue(inventory, new TypeReference<List<InventoryItem>>() {});
    assertThat(items).hasSize(2);
    assertThat(CLIENT.writeValueAsString(items)).isEqualTo(inventory);

    String missing = agent.get("/api/v1/commands/nosuchcommand").entityString();
    ProblemDetails p = CLIENT.readValue(missing, ProblemDetails.class);
    assertThat(p.status()).isEqualTo(404);
    assertThat(CLIENT.writeValueAsString(p)).isEqualTo(missing);
  }
}
