package dev.forja.cli.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The agent's pid file, {@code FORJA_HOME/agent.pid}: a JSON object that says which process serves
 * which address, written once the agent answers and removed when it stops. A file whose process is
 * gone is stale.
 *
 * <pre>{@code {"Pid": 4242, "Port": 49700, "Url": "http://127.0.0.1:49700", "StartedAt": "..."}}
 * </pre>
 *
 * @param pid the agent's process id
 * @param port the port it listens on
 * @param url its base address, without {@code /api/v1}
 * @param startedAt when it started, ISO-8601
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentPidFile(
    @JsonProperty("Pid") long pid,
    @JsonProperty("Port") int port,
    @JsonProperty("Url") String url,
    @JsonProperty("StartedAt") String startedAt) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Duration START_SLACK = Duration.ofSeconds(2);

  /**
   * The pid file at {@code file}, or empty when there is none. A file that does not parse is empty
   * too: a crash while it was written, treated as stale.
   */
  public static Optional<AgentPidFile> read(Path file) {
    try {
      return Optional.of(JSON.readValue(Files.readString(file), AgentPidFile.class));
    } catch (IOException e) {
      // Missing, or cut short by a crash: either way no agent can be reached through it.
      return Optional.empty();
    }
  }

  /** Writes this to {@code file}, atomically: a reader sees the old file or the whole new one. */
  public void write(Path file) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, JSON.writeValueAsString(this) + "\n");
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the pid file " + file, e);
    }
  }

  /** Whether the process this file names still runs. */
  public boolean alive() {
    return process().isPresent();
  }

  /**
   * The agent's process while it runs. A live process that started after the file was written got
   * the pid by reuse once the agent had died: the file is stale then. (Its command line cannot
   * tell: Linux reports only its first 4 KiB, class path included.)
   */
  public Optional<ProcessHandle> process() {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::startedBeforeWritten);
  }

  private boolean startedBeforeWritten(ProcessHandle process) {
    Optional<Instant> began = process.info().startInstant();
    Instant written;
    try {
      written = startedAt == null ? null : Instant.parse(startedAt);
    } catch (DateTimeParseException e) {
      written = null;
    }
    // The OS counts start times in clock ticks from boot: allow it a little imprecision.
    return began.isEmpty() || written == null || !began.get().isAfter(written.plus(START_SLACK));
  }

  /** Deletes {@code file} if it still names {@code pid}: never another agent's file. */
  public static void deleteIfOwnedBy(Path file, long pid) {
    if (read(file).map(p -> p.pid() == pid).orElse(false)) {
      deleteQuietly(file);
    }
  }

  /** Deletes {@code file} if it exists. */
  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }
}
