package dev.forja.engine.plugin;

import java.util.List;

/**
 * One page of a list call.
 *
 * @param nativeIds the ids on this page
 * @param nextPageToken the token of the next page, null on the last
 */
public record ListResult(List<String> nativeIds, String nextPageToken) {
  public ListResult {
    nativeIds = List.copyOf(nativeIds);
  }
}
