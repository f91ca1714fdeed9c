package dev.forja.plugin.sim.cloud;

import java.util.List;

/**
 * One page of ListResources.
 *
 * @param descriptions the resources on this page
 * @param nextToken the next page's token, null on the last
 */
public record ResourcePage(List<ResourceDescription> descriptions, String nextToken) {
  public ResourcePage {
    descriptions = List.copyOf(descriptions);
  }
}
