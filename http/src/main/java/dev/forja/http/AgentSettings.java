package dev.forja.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the agent's HTTP API listens, from {@code forja.agent.*} (the http module's {@code
 * reference.conf}).
 *
 * @param host the address to bind; loopback ({@code 127.0.0.1}) by default
 * @param port the port; {@value #DEFAULT_PORT} by default, 0 for an ephemeral one
 * @param token the bearer token every route but {@code /api/v1/health} requires, if any
 * @param maxBodyBytes request bodies larger than this are refused with 413
 */
public record AgentSettings(String host, int port, Optional<String> token, long maxBodyBytes) {
  /** The agent's default port (INTERFACES.md). */
  public static final int DEFAULT_PORT = 49700;

  /** The default body limit: 16 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;

  public AgentSettings {
    Objects.requireNonNull(host, "host");
    token = Objects.requireNonNull(token, "token").filter(t -> !t.isBlank());
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("max-body-bytes must be positive, was " + maxBodyBytes);
    }
  }

  /** Loopback, the default port, no token, 16 MiB. */
  public static AgentSettings defaults() {
    return new AgentSettings("127.0.0.1", DEFAULT_PORT, Optional.empty(), DEFAULT_MAX_BODY_BYTES);
  }

  /** Reads {@code forja.agent.*}; keys {@code config} lacks take the module's defaults. */
  public static AgentSettings fromConfig(Config config) {
    Config c =
        config
            .withFallback(ConfigFactory.defaultReference(AgentSettings.class.getClassLoader()))
            .getConfig("forja.agent");
    try {
      return new AgentSettings(
          c.getString("host").trim(),
          c.getInt("port"),
          Optional.of(c.getString("token").trim()),
          c.getBytes("max-body-bytes"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException.BadValue("forja.agent", e.getMessage(), e);
    }
  }

  /** The same settings on {@code port}. */
  public AgentSettings withPort(int port) {
    return new AgentSettings(host, port, token, maxBodyBytes);
  }

  /** The same settings on {@code host}. */
  public AgentSettings withHost(String host) {
    return new AgentSettings(host, port, token, maxBodyBytes);
  }

  /** The same settings requiring {@code token} (none when empty or blank). */
  public AgentSettings withToken(String token) {
    return new AgentSettings(host, port, Optional.ofNullable(token), maxBodyBytes);
  }

  /** The same settings with a body limit of {@code bytes}. */
  public AgentSettings withMaxBodyBytes(long bytes) {
    return new AgentSettings(host, port, token, bytes);
  }

  /** Whether {@link #host} is a loopback address. */
  public boolean isLoopback() {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot resolve the agent's host '" + host + "'", e);
    }
  }

  /**
   * Refuses settings that would expose the API without a token: any address but loopback needs one.
   *
   * @throws IllegalArgumentException naming the host and how to fix it
   */
  public void requireSafeBinding() {
    if (token.isEmpty() && !isLoopback()) {
      throw new IllegalArgumentException(
          "refusing to serve the API on "
              + host
              + " without a token: anyone who reaches it could apply and destroy"
              + " infrastructure. Set forja.agent.token (or FORJA_AGENT_TOKEN), or bind"
              + " 127.0.0.1");
    }
  }

  @Override
  public String toString() {
    // Never print the token.
    return "AgentSettings[host="
        + host
        + ", port="
        + port
        + ", token="
        + (token.isPresent() ? "(set)" : "(none)")
        + ", maxBodyBytes="
        + maxBodyBytes
        + "]";
  }
}
