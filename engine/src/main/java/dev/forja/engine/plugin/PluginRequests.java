package dev.forja.engine.plugin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.model.Target;

/**
 * The requests of the plugin SPI. Properties reach a plugin resolved: references replaced by their
 * values, opaque envelopes unwrapped.
 */
public final class PluginRequests {
  private PluginRequests() {}

  /**
   * Create a resource.
   *
   * @param type the cloud type
   * @param label the resource label, for names and tags
   * @param properties the desired properties, resolved
   * @param target where to create it
   * @param clientToken the idempotency token: a retry with the same token creates nothing new
   */
  public record Create(
      String type, String label, ObjectNode properties, Target target, String clientToken) {}

  /**
   * Read a resource's current properties. A resource that is gone answers {@code NotFound}.
   *
   * @param type the cloud type
   * @param nativeId the cloud's identifier
   * @param target where it lives
   */
  public record Read(String type, String nativeId, Target target) {}

  /**
   * Update a resource in place.
   *
   * @param type the cloud type
   * @param nativeId the cloud's identifier
   * @param priorProperties the stored properties, opaque values redacted
   * @param desiredProperties the full desired properties, resolved
   * @param patch the RFC 6902 patch from prior to desired
   * @param target where it lives
   * @param clientToken the idempotency token
   */
  public record Update(
      String type,
      String nativeId,
      ObjectNode priorProperties,
      ObjectNode desiredProperties,
      ArrayNode patch,
      Target target,
      String clientToken) {}

  /**
   * Delete a resource. Deleting one that is already gone succeeds.
   *
   * @param type the cloud type
   * @param nativeId the cloud's identifier
   * @param target where it lives
   * @param clientToken the idempotency token
   */
  public record Delete(String type, String nativeId, Target target, String clientToken) {}

  /**
   * Poll an operation that answered in progress.
   *
   * @param type the cloud type
   * @param requestToken the token the operation answered with
   * @param target where it runs
   */
  public record Status(String type, String requestToken, Target target) {}

  /**
   * List the native ids of one type, a page at a time.
   *
   * @param type the cloud type
   * @param target where to list
   * @param pageToken the previous page's token, null for the first page
   * @param pageSize the most ids to answer with
   */
  public record ListPage(String type, Target target, String pageToken, int pageSize) {}
}
