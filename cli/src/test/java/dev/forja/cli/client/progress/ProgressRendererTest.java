package dev.forja.cli.client.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.Operation;
import dev.forja.engine.command.UpdateState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tracking and drawing progress, fed the way the engine and the agent feed it. */
class ProgressRendererTest {
  private static final Clock CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

  private static UpdateView update(String label, UpdateState state) {
    return new UpdateView(
        "K-" + label, "net", label, "AWS::EC2::VPC", Operation.CREATE, state, 1, null, null);
  }

  private static UpdateView failed(String label, String code, String message) {
    return new UpdateView(
        "K-" + label,
        "net",
        label,
        "AWS::EC2::VPC",
        Operation.CREATE,
        UpdateState.FAILED,
        1,
        code,
        message);
  }

  private static Map<UpdateState, Integer> counts(int notStarted, int inProgress, int ok, int bad) {
    Map<UpdateState, Integer> c = new EnumMap<>(UpdateState.class);
    c.put(UpdateState.NOT_STARTED, notStarted);
    c.put(UpdateState.IN_PROGRESS, inProgress);
    c.put(UpdateState.SUCCESS, ok);
    c.put(UpdateState.FAILED, bad);
    return c;
  }

  /** Three updates: a starts, a succeeds, b starts and fails, c fails as its dependent. */
  private static void feed(ProgressTracker t, ProgressRenderer r) {
    r.render(t.record(CommandState.IN_PROGRESS, counts(3, 0, 0, 0), null));
    r.render(
        t.record(
            CommandState.IN_PROGRESS, counts(2, 1, 0, 0), update("a", UpdateState.IN_PROGRESS)));
    r.render(
        t.record(CommandState.IN_PROGRESS, counts(2, 0, 1, 0), update("a", UpdateState.SUCCESS)));
    // The same change told twice is drawn once.
    r.render(
        t.record(CommandState.IN_PROGRESS, counts(2, 0, 1, 0), update("a", UpdateState.SUCCESS)));
    r.render(
        t.record(
            CommandState.IN_PROGRESS, counts(1, 1, 1, 0), update("b", UpdateState.IN_PROGRESS)));
    r.render(
        t.record(CommandState.IN_PROGRESS, counts(1, 0, 1, 1), failed("b", "AccessDenied", "no")));
    r.render(
        t.record(
            CommandState.IN_PROGRESS,
            counts(0, 0, 1, 2),
            failed("c", "DependencyFailed", "net/b failed")));
    t.ran(Duration.ofMillis(1500));
    r.render(t.record(CommandState.FAILED, counts(0, 0, 1, 2), null));
  }

  @Test
  void plainPrintsOneLinePerEndedUpdateThenTheSummary() {
    StringWriter out = new StringWriter();

    feed(new ProgressTracker("C1", CLOCK), ProgressRenderer.plain(new PrintWriter(out)));

    assertThat(out.toString().lines())
        .containsExactly(
            "Command C1: 3 updates",
            "[1/3] Success  create  net/a  AWS::EC2::VPC",
            "[2/3] Failed   create  net/b  AWS::EC2::VPC  AccessDenied: no",
            "[3/3] Failed   create  net/c  AWS::EC2::VPC  DependencyFailed: net/b failed",
            "Command C1 ended Failed: 1 succeeded, 2 failed of 3 in 1.5s.");
  }

  @Test
  void plainSaysWhenTheCommandIsCancelingOnce() {
    StringWriter out = new StringWriter();
    ProgressRenderer plain = ProgressRenderer.plain(new PrintWriter(out));
    ProgressTracker t = new ProgressTracker("C3", CLOCK);
    Map<UpdateState, Integer> canceled = new EnumMap<>(UpdateState.class);
    canceled.put(UpdateState.CANCELED, 1);

    plain.render(
        t.record(CommandState.IN_PROGRESS, counts(1, 0, 0, 0), update("a", UpdateState.PENDING)));
    plain.render(t.record(CommandState.CANCELING, counts(1, 0, 0, 0), null));
    plain.render(t.record(CommandState.CANCELING, canceled, update("a", UpdateState.CANCELED)));
    plain.render(t.record(CommandState.CANCELED, canceled, null));

    assertThat(out.toString().lines())
        .containsExactly(
            "Command C3: 1 update",
            "Command C3 is Canceling",
            "[1/1] Canceled create  net/a  AWS::EC2::VPC",
            "Command C3 ended Canceled: 0 succeeded, 1 canceled of 1 in 0.0s.");
  }

  @Test
  void liveRedrawsABarWithCountsAndInFlightAndKeepsFailuresAbove() {
    StringWriter out = new StringWriter();

    feed(new ProgressTracker("C1", CLOCK), ProgressRenderer.live(new PrintWriter(out), 120));

    String drawn = out.toString();
    assertThat(drawn)
        .contains("C1 InProgress [>")
        .contains("  > create  net/a  AWS::EC2::VPC")
        .contains("\u001b[2A\u001b[0J")
        .contains("x Failed  create  net/b  AWS::EC2::VPC\n    AccessDenied: no\n")
        .contains("  NotStarted 1  Success 1  Failed 1")
        .endsWith(
            "C1 Failed [==============================] 3/3 100%  1.5s\n"
                + "  Success 1  Failed 2\n"
                + "Command C1 ended Failed: 1 succeeded, 2 failed of 3 in 1.5s.\n");
    // Each failure is printed once, not on every redraw.
    assertThat(drawn.split("x Failed  create  net/b", -1)).hasSize(2);
  }

  @Test
  void theTrackerKeepsWhatIsInFlightAndTheFailures() {
    ProgressTracker t = new ProgressTracker("C2", CLOCK);

    t.record(CommandState.IN_PROGRESS, counts(1, 2, 0, 0), update("a", UpdateState.IN_PROGRESS));
    ProgressSnapshot s =
        t.record(
            CommandState.IN_PROGRESS, counts(1, 2, 0, 0), update("b", UpdateState.IN_PROGRESS));
    assertThat(s.inFlight()).extracting(UpdateView::label).containsExactly("a", "b");
    assertThat(s.total()).isEqualTo(3);
    assertThat(s.done()).isZero();

    s = t.record(CommandState.IN_PROGRESS, counts(1, 1, 0, 1), failed("a", "Throttling", null));
    assertThat(s.inFlight()).extracting(UpdateView::label).containsExactly("b");
    assertThat(s.failures()).extracting(UpdateView::why).containsExactly("Throttling");
    assertThat(s.changed().label()).isEqualTo("a");
    assertThat(s.ended()).isFalse();
  }

  @Test
  void durationsReadAsSecondsThenMinutes() {
    assertThat(ProgressRenderer.duration(Duration.ofMillis(8_149))).isEqualTo("8.1s");
    assertThat(ProgressRenderer.duration(Duration.ofSeconds(125))).isEqualTo("2m05s");
  }
}
