package dev.forja.engine.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a forma says about itself. {@code confirm} asks the CLI to prompt before applying.
 *
 * @param text free text shown in plans and command listings
 * @param confirm whether the CLI must ask before submitting
 */
public record Description(
    @JsonProperty("Text") String text, @JsonProperty("Confirm") boolean confirm) {
  public static final Description NONE = new Description("", false);

  public Description {
    text = text == null ? "" : text;
  }
}
