package dev.forja.loadtest.scenario;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code forja loadtest run} was given. Every scenario reads the options it uses and ignores
 * the rest; the README says which scenario reads which.
 *
 * @param store {@code sqlite} or {@code postgresql}
 * @param counts resource counts, one run (and one report) each
 * @param seed the generator's seed
 * @param reports the folder reports are written to
 * @param pgUrl a database on the PostgreSQL server that scratch databases are created from
 * @param latencyMs the sim's latency per call, {@code MIN-MAX} in ms (agent, api, resume)
 * @param throttleRate the share of sim calls answered ThrottlingException (agent, resume)
 * @param rates requests per minute of the api scenario, one measured phase each
 * @param phaseSeconds the measured seconds of each api phase
 * @param maxInFlight the engine's {@code max-in-flight-updates}; 0 keeps the default
 * @param smoke a tiny run for the default test build: figures are printed, bars not checked
 * @param commandLine the arguments as given, for the report's reproduce line
 */
public record RunOptions(
    String store,
    List<Integer> counts,
    long seed,
    Path reports,
    String pgUrl,
    String latencyMs,
    double throttleRate,
    List<Integer> rates,
    int phaseSeconds,
    int maxInFlight,
    boolean smoke,
    String commandLine) {
  public RunOptions {
    counts = List.copyOf(counts);
    rates = List.copyOf(rates);
  }

  /** True on the PostgreSQL store. */
  public boolean postgresql() {
    return "postgresql".equals(store);
  }
}
