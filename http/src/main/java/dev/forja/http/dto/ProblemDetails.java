package dev.forja.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * An error, as {@code application/problem+json} (RFC 9457). Every error answer of the API has this
 * shape.
 *
 * @param type a URI naming the kind of problem ({@code about:blank} for plain HTTP errors)
 * @param title a short summary of the kind
 * @param status the HTTP status
 * @param detail what is wrong in this request, naming it
 * @param errors every validation error, when there are several to name; else absent
 * @param commandId the command involved (a conflict's command in flight); else absent
 * @param resources the resources involved, as {@code stack/label}; else absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail", "errors", "commandId", "resources"})
public record ProblemDetails(
    @JsonProperty("type") String type,
    @JsonProperty("title") String title,
    @JsonProperty("status") int status,
    @JsonProperty("detail") String detail,
    @JsonProperty("errors") List<ProblemError> errors,
    @JsonProperty("commandId") String commandId,
    @JsonProperty("resources") List<String> resources) {

  /** A problem with no extension members. */
  public static ProblemDetails of(String type, String title, int status, String detail) {
    return new ProblemDetails(type, title, status, detail, null, null, null);
  }
}
