package dev.forja.engine.model;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

/** Property names and JSON pointers into a properties tree. */
public final class PropertyPointer {
  private PropertyPointer() {}

  /** A property name or pointer as a JSON pointer: {@code VpcId} becomes {@code /VpcId}. */
  public static String of(String property) {
    if (property == null || property.isEmpty()) {
      return "";
    }
    if (property.startsWith("/")) {
      return property;
    }
    return "/" + escape(property);
  }

  /** Escapes one pointer segment per RFC 6901. */
  public static String escape(String segment) {
    if (segment.indexOf('~') < 0 && segment.indexOf('/') < 0) {
      return segment;
    }
    return segment.replace("~", "~0").replace("/", "~1");
  }

  /** The value at {@code pointer} in {@code tree}, or null when there is none. */
  public static JsonNode at(JsonNode tree, String pointer) {
    if (tree == null) {
      return null;
    }
    JsonNode v = tree.at(JsonPointer.compile(pointer));
    return v.isMissingNode() ? null : v;
  }

  /** The top-level property a pointer starts with: {@code /Tags/0/Key} gives {@code Tags}. */
  public static String topLevel(String pointer) {
    int end = pointer.indexOf('/', 1);
    String seg = end < 0 ? pointer.substring(1) : pointer.substring(1, end);
    return seg.replace("~1", "/").replace("~0", "~");
  }
}
