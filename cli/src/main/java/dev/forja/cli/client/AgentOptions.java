package dev.forja.cli.client;

import picocli.CommandLine.Option;

/**
 * The shared {@code --agent} and {@code --token} options of every verb that talks to the agent. A
 * verb adds them with {@code @Mixin AgentOptions agent;} and gets its client from {@link
 * #client()}.
 */
public final class AgentOptions {
  @Option(
      names = "--agent",
      paramLabel = "URL",
      description =
          "The agent's URL (default: $"
              + AgentClient.URL_VARIABLE
              + ", else "
              + AgentClient.DEFAULT_URL
              + ").")
  private String agent;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "The agent's API token, sent as 'Authorization: Bearer' (default: $"
              + AgentClient.TOKEN_VARIABLE
              + "; prefer the variable: other users can read a command line).")
  private String token;

  /** The client for the agent these options, or the environment, name. */
  public AgentClient client() {
    return AgentClient.resolve(agent, token, System.getenv());
  }
}
