package dev.forja.loadtest.scenario;

import dev.forja.loadtest.process.AgentClient;
import dev.forja.loadtest.process.AgentReport;
import dev.forja.loadtest.process.AgentRig;
import dev.forja.loadtest.process.CallLog;
import dev.forja.loadtest.process.CommandRun;
import dev.forja.loadtest.process.CommandWatch;
import dev.forja.loadtest.process.Metrics;
import dev.forja.loadtest.process.SampleSeries;
import dev.forja.loadtest.report.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The agent scenario: apply then destroy N resources the way a user runs Forja, {@code forja agent
 * start} in one JVM and the simulator server ({@code forja sim start}, with latency and throttling)
 * in another, the forma on AWS targets that the AWS plugin serves over Cloud Control. It measures
 * the end-to-end time of each command, operations per second, and how close the updates in flight
 * stay to the engine's limit; the run fails if an update is not Success, or the sim holds other
 * than N resources after the apply and any after the destroy.
 */
public final class AgentScenario implements Scenario {
  @Override
  public String name() {
    return "agent";
  }

  @Override
  public void run(RunOptions options, int count, Report report) throws Exception {
    AgentRig.runIn(options, count, report, rig -> run(rig, options, count, report));
  }

  private static void run(AgentRig rig, RunOptions options, int count, Report report) {
    AgentClient agent = rig.startAgent("agent").client();
    long origin = System.nanoTime();

    CommandRun apply =
        CommandRun.run(agent, "apply", rig.forma(), origin, CommandRun.deadline(count));
    apply.problems(count).forEach(report::fail);
    Metrics afterApply = agent.metrics();
    AgentReport.checkSimHolds(rig.sim(), count, "after the apply", report);

    CommandRun destroy =
        CommandRun.run(agent, "destroy", rig.forma(), origin, CommandRun.deadline(count));
    destroy.problems(count).forEach(report::fail);
    Metrics afterDestroy = agent.metrics();
    AgentReport.checkSimHolds(rig.sim(), 0, "after the destroy", report);

    CallLog calls = new CallLog(rig.sim().calls());
    CallLog applyCalls = calls.between(apply.submitted(), destroy.submitted());
    CallLog destroyCalls = calls.between(destroy.submitted(), null);
    calls.duplicateCreates().stream().limit(10).forEach(report::fail);

    int limit = rig.inFlightLimit();
    SampleSeries.InFlight applyInFlight =
        SampleSeries.steadyInFlight(apply.samples(), limit, count);
    SampleSeries.InFlight destroyInFlight =
        SampleSeries.steadyInFlight(destroy.samples(), limit, count);
    double applyThrottles = AgentReport.throttles(afterApply);
    double destroyThrottles = AgentReport.throttles(afterDestroy) - applyThrottles;

    report.figure(
        "apply, submit to end", AgentReport.seconds(apply.endToEnd()), AgentReport.HOW_END_TO_END);
    report.figure(
        "apply, operations/s",
        AgentReport.perSecond(count, apply.endToEnd()),
        AgentReport.HOW_OPERATIONS);
    report.figure(
        "apply, steady operations/s",
        String.format(Locale.ROOT, "%.1f", SampleSeries.steadyRate(apply.samples(), limit, count)),
        AgentReport.HOW_STEADY_RATE);
    report.figure(
        "destroy, submit to end",
        AgentReport.seconds(destroy.endToEnd()),
        AgentReport.HOW_END_TO_END);
    report.figure(
        "destroy, operations/s",
        AgentReport.perSecond(count, destroy.endToEnd()),
        AgentReport.HOW_OPERATIONS);
    report.figure(
        "in-flight limit",
        Integer.toString(limit),
        "forja.engine.executor.max-in-flight-updates as the agent runs it");
    report.figure(
        "apply in-flight, steady part: mean / p50",
        String.format(Locale.ROOT, "%.1f / %.0f", applyInFlight.mean(), applyInFlight.p50()),
        AgentReport.HOW_STEADY);
    report.figure(
        "apply in-flight, steady samples at the limit",
        AgentReport.percent(applyInFlight.atLimit()),
        "the share of those samples at or above the limit");
    report.figure(
        "failed plugin calls (throttles) / retries",
        String.format(
            Locale.ROOT,
            "%.0f / %d",
            applyThrottles + destroyThrottles,
            apply.retries() + destroy.retries()),
        AgentReport.HOW_THROTTLES);

    report.text(AgentReport.setup(rig, options.latencyMs(), options.throttleRate(), count));
    report.table(
        "Per command",
        AgentReport.COMMAND_HEADER,
        List.of(
            AgentReport.commandRow(apply, count, applyInFlight, applyThrottles, applyCalls),
            AgentReport.commandRow(
                destroy, count, destroyInFlight, destroyThrottles, destroyCalls)));
    report.table(
        "Sim calls by operation (sim side, GET /_sim/oplog)",
        List.of("command", "calls by operation", "client tokens sent twice"),
        List.of(
            List.of("apply", applyCalls.byOp().toString(), "" + applyCalls.repeatedCreateTokens()),
            List.of(
                "destroy",
                destroyCalls.byOp().toString(),
                "" + destroyCalls.repeatedCreateTokens())));
    report.table(
        "Plugin call latency seen by the agent (forja_plugin_call_seconds, apply + destroy)",
        List.of("operation", "calls", "mean ms"),
        AgentReport.pluginLatency(afterDestroy));

    List<CommandWatch.Sample> all = new ArrayList<>(apply.samples());
    all.addAll(destroy.samples());
    AgentReport.charts(all, limit, report, "");
    report.text(AgentReport.measuredHow(limit));
  }
}
