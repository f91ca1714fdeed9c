package dev.forja.plugin.aws.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.forja.engine.model.Target;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * An AWS target's {@code Config}, checked.
 *
 * @param region the AWS region, such as {@code us-east-1}
 * @param endpoint the endpoint override (the simulator server), or null for AWS's own
 * @param rateLimit requests per second this plugin sends to the target
 */
public record TargetConfig(String region, URI endpoint, double rateLimit) {

  /** Requests per second when the target sets no {@code RateLimit}: what AWS accounts tolerate. */
  public static final double DEFAULT_RATE_LIMIT = 2.0;

  /** Which client serves a target: targets that agree on both share one. */
  public record ClientKey(String region, URI endpoint) {}

  /** A target whose config the plugin cannot work with; the message names the field. */
  public static final class InvalidTargetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidTargetException(String message) {
      super(message);
    }
  }

  /** The config of {@code target}; throws {@link InvalidTargetException} naming what is wrong. */
  public static TargetConfig of(Target target) {
    JsonNode config = target.config();
    String where = "target '" + target.label() + "': Config.";
    JsonNode region = config.get("Region");
    if (region == null || region.isNull() || !region.isTextual() || region.asText().isBlank()) {
      throw new InvalidTargetException(
          where + "Region is required by the AWS plugin, e.g. \"us-east-1\"; got " + region);
    }
    return new TargetConfig(
        region.asText().strip(), endpoint(where, config.get("Endpoint")), rate(where, config));
  }

  /** The client key of this config. */
  public ClientKey clientKey() {
    return new ClientKey(region, endpoint);
  }

  private static URI endpoint(String where, JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    String text = node.asText().strip();
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!node.isTextual() || !(scheme.equals("http") || scheme.equals("https"))) {
        throw new URISyntaxException(text, "not an http or https URL");
      }
      if (uri.getHost() == null) {
        throw new URISyntaxException(text, "no host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new InvalidTargetException(
          where
              + "Endpoint must be an http(s) URL such as \"http://127.0.0.1:4566\"; got "
              + node
              + " ("
              + e.getReason()
              + ")");
    }
  }

  private static double rate(String where, JsonNode config) {
    JsonNode node = config.get("RateLimit");
    if (node == null || node.isNull()) {
      return DEFAULT_RATE_LIMIT;
    }
    double rate = Double.NaN;
    if (node.isNumber()) {
      rate = node.asDouble();
    } else if (node.isTextual()) {
      try {
        rate = Double.parseDouble(node.asText().strip());
      } catch (NumberFormatException e) {
        rate = Double.NaN;
      }
    }
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new InvalidTargetException(
          where + "RateLimit must be a positive number of requests per second; got " + node);
    }
    return rate;
  }
}
