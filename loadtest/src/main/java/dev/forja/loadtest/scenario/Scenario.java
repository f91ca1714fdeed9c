package dev.forja.loadtest.scenario;

import dev.forja.loadtest.report.Report;

/**
 * One load scenario of {@code forja loadtest run}. A scenario runs once per resource count the
 * options give and fills one {@link Report} per run; the runner writes the report.
 */
public interface Scenario {
  /** The name that {@code --scenario} takes: engine, agent, api, resume or persist. */
  String name();

  /**
   * Runs the scenario once at {@code count} resources on {@code options.store()}, recording
   * figures, tables and charts in {@code report}. A run whose outcome is wrong (a failed update,
   * resources left in the sim, a lost count) calls {@link Report#fail}; a run that cannot proceed
   * at all throws.
   */
  void run(RunOptions options, int count, Report report) throws Exception;
}
