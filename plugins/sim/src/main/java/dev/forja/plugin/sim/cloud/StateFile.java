package dev.forja.plugin.sim.cloud;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/**
 * What a persistent cloud keeps across restarts: its resources, and its requests with their client
 * tokens so that status polls and idempotent replays still answer. Rules, the gate, settings and
 * the operation log are not kept: they belong to the run that set them.
 *
 * @param version the format's version
 * @param seq the last request sequence number handed out
 * @param resources every resource
 * @param requests every request, oldest first
 */
record StateFile(
    @JsonProperty("Version") int version,
    @JsonProperty("Seq") long seq,
    @JsonProperty("Resources") List<StoredResource> resources,
    @JsonProperty("Requests") List<StoredRequest> requests) {
  static final int VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  StateFile {
    resources = List.copyOf(resources);
    requests = List.copyOf(requests);
  }

  /** One resource. */
  record StoredResource(
      @JsonProperty("TypeName") String typeName,
      @JsonProperty("Identifier") String identifier,
      @JsonProperty("Properties") ObjectNode properties) {}

  /** One request, with what a pending one still has to do. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record StoredRequest(
      @JsonProperty("RequestToken") String requestToken,
      @JsonProperty("Operation") String operation,
      @JsonProperty("TypeName") String typeName,
      @JsonProperty("Identifier") String identifier,
      @JsonProperty("ClientToken") String clientToken,
      @JsonProperty("Seq") long seq,
      @JsonProperty("Due") Instant due,
      @JsonProperty("OperationStatus") String operationStatus,
      @JsonProperty("EventTime") Instant eventTime,
      @JsonProperty("ResourceModel") ObjectNode resourceModel,
      @JsonProperty("StatusMessage") String statusMessage,
      @JsonProperty("ErrorCode") String errorCode,
      @JsonProperty("Desired") ObjectNode desired,
      @JsonProperty("Patch") ArrayNode patch,
      @JsonProperty("FailCode") String failCode) {}

  /** The state in {@code file}, or null when there is none yet. */
  static StateFile read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    return JSON.readValue(file.toFile(), StateFile.class);
  }

  /** Writes this state to {@code file} atomically: a temporary file, then a move over it. */
  void write(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      JSON.writeValue(out, this);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
