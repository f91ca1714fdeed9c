package dev.forja.loadtest.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forja.engine.command.CommandState;
import dev.forja.engine.command.UpdateState;
import dev.forja.loadtest.process.AgentClient;
import dev.forja.loadtest.process.AgentJvm;
import dev.forja.loadtest.process.AgentReport;
import dev.forja.loadtest.process.AgentRig;
import dev.forja.loadtest.process.CallLog;
import dev.forja.loadtest.process.CommandRun;
import dev.forja.loadtest.process.CommandWatch;
import dev.forja.loadtest.process.ForjaProcess;
import dev.forja.loadtest.process.SampleSeries;
import dev.forja.loadtest.process.SimServerProcess;
import dev.forja.loadtest.report.Report;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The resume scenario: the agent scenario's setup, an apply of N resources, and a SIGKILL of the
 * agent once about a third of its updates have ended; then a new agent on the same store. It
 * measures the time from the restart to a healthy agent, to the first plugin call of the resumed
 * command reaching the sim, and to the command's end; the run fails unless the command ends Success
 * with N of N, every update final before the kill kept its state and was not sent again, the sim
 * holds exactly N resources (none created twice), and the destroy leaves none.
 */
public final class ResumeScenario implements Scenario {
  /** How often the agent's metrics are read while waiting for the kill point: cheap, fine. */
  private static final Duration KILL_POLL = Duration.ofMillis(100);

  @Override
  public String name() {
    return "resume";
  }

  @Override
  public void run(RunOptions options, int count, Report report) throws Exception {
    AgentRig.runIn(options, count, report, rig -> run(rig, options, count, report));
  }

  private static void run(AgentRig rig, RunOptions options, int count, Report report) {
    SimServerProcess sim = rig.sim();
    AgentJvm first = rig.startAgent("agent-1");
    long origin = System.nanoTime();
    Instant submitted = Instant.now();
    long before = System.nanoTime();
    String id = first.client().submit("apply", rig.forma());
    Duration accepted = Duration.ofNanos(System.nanoTime() - before);
    Instant deadline = CommandRun.deadline(count);

    // 1. Wait for a third of the updates to end, then hold the sim's mutations so that the
    // snapshot below stays true until the kill, and kill the agent.
    double killPoint = Math.ceil(count / 3.0);
    CommandWatch firstWatch = new CommandWatch(first.client(), id, origin);
    List<CommandWatch.Sample> samples =
        new ArrayList<>(
            firstWatch.follow(
                KILL_POLL, false, deadline, CommandRun.STALL, s -> s.updatesEnded() >= killPoint));
    sim.gate(false);
    JsonNode beforeKill = first.client().status(id);
    double throttlesBefore = AgentReport.throttles(first.client().metrics());
    int exit = first.kill();
    if (first.alive()) {
      report.fail("agent-1 still runs after SIGKILL");
    }
    sim.gate(true);
    samples.add(CommandWatch.Sample.noAgent(firstWatch.secondsNow()));
    Map<String, String> finalBefore = finalStates(beforeKill);
    if (CommandState.fromWire(beforeKill.path("State").asText()).isFinal()) {
      report.fail("the command ended before the kill: " + beforeKill.path("State").asText());
    }

    // 2. Restart on the same store and follow the resumed command to its end.
    long restartNanos = System.nanoTime();
    Instant restartedAt = Instant.now();
    AgentJvm second = rig.startAgent("agent-2");
    Duration toHealthy = Duration.ofNanos(second.healthyNanos() - restartNanos);
    AgentClient agent = second.client();
    CommandWatch secondWatch = new CommandWatch(agent, id, origin);
    samples.add(CommandWatch.Sample.noAgent(secondWatch.secondsNow()));
    samples.addAll(
        secondWatch.follow(CommandRun.PERIOD, true, deadline, CommandRun.STALL, s -> false));
    CommandRun apply = new CommandRun("apply", id, submitted, accepted, samples, agent.status(id));
    Duration toEnd = Duration.between(restartedAt, apply.endTs());
    double applyThrottles = throttlesBefore + AgentReport.throttles(agent.metrics());

    // 3. What the store and the sim hold.
    apply.problems(count).forEach(report::fail);
    checkFinalStatesKept(finalBefore, apply, report);
    AgentReport.checkSimHolds(sim, count, "after the resumed apply", report);
    CallLog calls = new CallLog(sim.calls());
    CallLog resumed = calls.between(restartedAt, null);
    calls.duplicateCreates().stream().limit(10).forEach(report::fail);
    Set<String> sentAgain = resumed.mutatedKsuids();
    finalBefore.keySet().stream()
        .filter(sentAgain::contains)
        .limit(10)
        .forEach(
            k ->
                report.fail("update " + k + " was final before the kill, yet sent again after it"));
    Optional<SimServerProcess.Call> firstResumed = resumed.first();
    if (firstResumed.isEmpty()) {
      report.fail("the sim received no call after the restart");
    }
    long repeatedTokens = calls.repeatedCreateTokens();

    // 4. Destroy, and nothing is left.
    CommandRun destroy =
        CommandRun.run(agent, "destroy", rig.forma(), origin, CommandRun.deadline(count));
    destroy.problems(count).forEach(report::fail);
    double destroyThrottles =
        AgentReport.throttles(agent.metrics()) - (applyThrottles - throttlesBefore);
    AgentReport.checkSimHolds(sim, 0, "after the destroy", report);
    CallLog destroyCalls = new CallLog(sim.calls()).between(destroy.submitted(), null);

    Duration toFirstCall =
        firstResumed.map(c -> Duration.between(restartedAt, c.ts())).orElse(Duration.ZERO);
    report.figure(
        "restart to healthy",
        AgentReport.seconds(toHealthy),
        "from just before the second forja agent start to its first 200 from /api/v1/health"
            + " (polled every 20 ms): JVM start, store and engine recovery");
    report.figure(
        "restart to first resumed call at the sim",
        firstResumed.isPresent() ? AgentReport.seconds(toFirstCall) : "none",
        "to the first call in the sim's op log received after the restart (the killed agent"
            + " can send none)");
    report.figure(
        "restart to command end",
        AgentReport.seconds(toEnd),
        "to the command's EndTs in GET /api/v1/commands/{id}");
    report.figure(
        "updates final before the kill / at the end",
        finalBefore.size() + " / " + apply.counts().get(UpdateState.SUCCESS) + " Success",
        "GET /api/v1/commands/{id} with the sim's gate closed just before the kill / after the"
            + " end; each final one must keep its state and see no mutation after the restart");
    report.figure(
        "creates resent with the same client token",
        Long.toString(repeatedTokens),
        "distinct create tokens the sim received more than once (a token is one attempt, so"
            + " these are resends, idempotent replays); none may make a second resource");
    report.figure(
        "apply, submit to end (kill included)",
        AgentReport.seconds(apply.endToEnd()),
        AgentReport.HOW_END_TO_END);
    report.figure(
        "exit code of the killed agent",
        Integer.toString(exit),
        "Process.destroyForcibly (SIGKILL on Linux); 137 = 128 + 9");

    report.text(AgentReport.setup(rig, options.latencyMs(), options.throttleRate(), count));
    report.text(
        "The kill: once the agent's `forja_updates_total` reached "
            + (long) killPoint
            + " of "
            + count
            + " (a third), the sim's gate was closed (`POST /_sim/gate`, every mutation held in"
            + " progress), the status read, and the agent killed with SIGKILL"
            + " (`Process.destroyForcibly`, exit "
            + ForjaProcess.SIGKILL_EXIT
            + "); the gate was opened again at once, so the mutations the agent left in flight"
            + " completed while no agent ran. A new agent was then started on the same store.");
    report.table(
        "Updates by state, before the kill (agent-1) and at the end (agent-2)",
        List.of("state", "before the kill", "at the end"),
        stateRows(beforeKill, apply.status()));
    report.table(
        "Per command",
        AgentReport.COMMAND_HEADER,
        List.of(
            AgentReport.commandRow(
                apply,
                count,
                SampleSeries.steadyInFlight(apply.samples(), rig.inFlightLimit(), count),
                applyThrottles,
                calls.between(submitted, destroy.submitted())),
            AgentReport.commandRow(
                destroy,
                count,
                SampleSeries.steadyInFlight(destroy.samples(), rig.inFlightLimit(), count),
                destroyThrottles,
                destroyCalls)));
    report.table(
        "Sim calls after the restart, by operation",
        List.of("calls", "first call", "its operation"),
        List.of(
            List.of(
                resumed.byOp().toString(),
                firstResumed.isPresent() ? "+" + AgentReport.seconds(toFirstCall) : "none",
                firstResumed.map(SimServerProcess.Call::op).orElse("-"))));
    List<CommandWatch.Sample> all = new ArrayList<>(apply.samples());
    all.addAll(destroy.samples());
    AgentReport.charts(all, rig.inFlightLimit(), report, "");
    report.text(
        "The charts join both agents on one time axis: agent-1 sampled every 100 ms (metrics"
            + " only, so no counts per state), agent-2 every second; from the kill to agent-2"
            + " answering /health no agent runs, shown as 0 in flight.");
    report.text(AgentReport.measuredHow(rig.inFlightLimit()));
  }

  /** Ksuid to final state, for every update final in {@code status}. */
  private static Map<String, String> finalStates(JsonNode status) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode u : status.path("ResourceUpdates")) {
      UpdateState s = UpdateState.fromWire(u.path("State").asText());
      if (s.isFinal()) {
        out.put(u.path("Ksuid").asText(), s.wire());
      }
    }
    return out;
  }

  /** L1: an update final before the kill has the same final state at the end. */
  private static void checkFinalStatesKept(
      Map<String, String> before, CommandRun run, Report report) {
    Map<String, String> after = new LinkedHashMap<>();
    for (JsonNode u : run.updates()) {
      after.put(u.path("Ksuid").asText(), u.path("State").asText());
    }
    before.entrySet().stream()
        .filter(e -> !e.getValue().equals(after.get(e.getKey())))
        .limit(10)
        .forEach(
            e ->
                report.fail(
                    "update "
                        + e.getKey()
                        + " was "
                        + e.getValue()
                        + " before the kill, "
                        + after.get(e.getKey())
                        + " after it"));
  }

  private static List<List<String>> stateRows(JsonNode before, JsonNode after) {
    Map<UpdateState, Integer> b = CommandWatch.counts(before);
    Map<UpdateState, Integer> a = CommandWatch.counts(after);
    List<List<String>> rows = new ArrayList<>();
    for (UpdateState s : UpdateState.values()) {
      rows.add(List.of(s.wire(), "" + b.get(s), "" + a.get(s)));
    }
    return rows;
  }
}
