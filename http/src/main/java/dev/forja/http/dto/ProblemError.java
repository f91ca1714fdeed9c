package dev.forja.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One validation error of a {@link ProblemDetails}.
 *
 * @param field the JSON pointer of the offending value in the request body ({@code
 *     /Forma/Resources/0/Type}), or of the query parameter ({@code query}); absent when the error
 *     is about the whole request
 * @param line the 1-based line in the request body, when known
 * @param column the 1-based column in the request body, when known
 * @param message what is wrong
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"field", "line", "column", "message"})
public record ProblemError(
    @JsonProperty("field") String field,
    @JsonProperty("line") Integer line,
    @JsonProperty("column") Integer column,
    @JsonProperty("message") String message) {

  /** An error with no location. */
  public static ProblemError of(String message) {
    return new ProblemError(null, null, null, message);
  }

  /** An error about {@code field}, with no line. */
  public static ProblemError at(String field, String message) {
    return new ProblemError(field, null, null, message);
  }
}
