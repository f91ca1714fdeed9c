package dev.forja.http.internal;

import dev.forja.http.dto.ApiJson;
import dev.forja.http.dto.ProblemDetails;
import dev.forja.http.dto.ProblemError;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/** Builds the API's answers: JSON bodies, and {@code application/problem+json} errors. */
public final class Responses {
  /** RFC 9457's media type. */
  public static final ContentType PROBLEM_JSON =
      ContentTypes.create(
          MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8));

  /** The type of problems that plain HTTP semantics describe (RFC 9457, section 4.2.1). */
  public static final String BLANK = "about:blank";

  private static final String TYPES = "urn:forja:problem:";

  private Responses() {}

  /** {@code body} as JSON with {@code status}. */
  public static HttpResponse json(StatusCode status, Object body) {
    return HttpResponse.create()
        .withStatus(status)
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, ApiJson.toBytes(body)));
  }

  /** {@code problem} as the answer. */
  public static HttpResponse problem(ProblemDetails problem) {
    return HttpResponse.create()
        .withStatus(problem.status())
        .withEntity(HttpEntities.create(PROBLEM_JSON, ApiJson.toBytes(problem)));
  }

  /** A plain HTTP error: {@code about:blank}, titled by the status's reason. */
  public static HttpResponse problem(StatusCode status, String detail) {
    return problem(ProblemDetails.of(BLANK, status.reason(), status.intValue(), detail));
  }

  /** 400 naming every error. */
  public static HttpResponse invalid(String detail, List<ProblemError> errors) {
    return problem(
        new ProblemDetails(
            TYPES + "invalid-request",
            "Invalid request",
            StatusCodes.BAD_REQUEST.intValue(),
            detail,
            List.copyOf(errors),
            null,
            null));
  }

  /** 404 for a command, a route or another thing that does not exist. */
  public static HttpResponse notFound(String detail) {
    return problem(StatusCodes.NOT_FOUND, detail);
  }

  /** A Forja-specific problem of kind {@code slug}. */
  public static HttpResponse problem(
      String slug,
      String title,
      StatusCode status,
      String detail,
      List<ProblemError> errors,
      String commandId,
      List<String> resources) {
    return problem(
        new ProblemDetails(
            TYPES + slug, title, status.intValue(), detail, errors, commandId, resources));
  }

  /** 503: the engine cannot serve this now; {@code Retry-After} says when to try again. */
  public static HttpResponse unavailable(String detail) {
    return problem(
            "unavailable",
            "Engine unavailable",
            StatusCodes.SERVICE_UNAVAILABLE,
            detail,
            null,
            null,
            null)
        .addHeader(
            org.apache.pekko.http.javadsl.model.headers.RawHeader.create("Retry-After", "1"));
  }
}
