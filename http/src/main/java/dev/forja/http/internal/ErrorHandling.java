package dev.forja.http.internal;

import dev.forja.engine.input.InvalidFormaException;
import dev.forja.engine.store.InvalidQueryException;
import dev.forja.http.dto.ProblemError;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Allow;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedQueryParamRejection;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.MissingQueryParamRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.UnsupportedRequestContentTypeRejection;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.pattern.AskTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every rejection and exception into {@code application/problem+json}: an unknown route is
 * 404, a wrong method 405 (with {@code Allow}), a body too large 413, a wrong media type 415,
 * malformed JSON or a bad parameter 400, an engine that does not answer 503; anything unexpected is
 * 500 and logged, never shown.
 */
public final class ErrorHandling extends AllDirectives {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandling.class);

  /** The rejection handler of every route. */
  public RejectionHandler rejections() {
    return RejectionHandler.newBuilder()
        .handleAll(MethodRejection.class, this::wrongMethod)
        .handle(MalformedRequestContentRejection.class, this::malformedContent)
        .handle(
            UnsupportedRequestContentTypeRejection.class,
            r ->
                complete(
                    Responses.problem(
                        StatusCodes.UNSUPPORTED_MEDIA_TYPE,
                        "unsupported media type; expected one of " + r.getSupported())))
        .handle(
            MissingQueryParamRejection.class,
            r ->
                complete(
                    Responses.invalid(
                        "missing query parameter " + r.parameterName(),
                        List.of(ProblemError.at(r.parameterName(), "is required")))))
        .handle(
            MalformedQueryParamRejection.class,
            r ->
                complete(
                    Responses.invalid(
                        "malformed query parameter " + r.parameterName(),
                        List.of(ProblemError.at(r.parameterName(), r.errorMsg())))))
        .handleNotFound(
            extractRequest(
                req ->
                    complete(
                        Responses.notFound(
                            "no route "
                                + req.method().value()
                                + " "
                                + req.getUri().path()
                                + "; the API lives under /api/v1 (see /api/v1/openapi.yaml)"))))
        .build()
        .withFallback(
            RejectionHandler.defaultHandler().mapRejectionResponse(ErrorHandling::asProblem));
  }

  private Route wrongMethod(List<MethodRejection> rejections) {
    List<String> allowed =
        rejections.stream().map(r -> r.supported().value()).distinct().sorted().toList();
    return extractRequest(
        req ->
            complete(
                Responses.problem(
                        StatusCodes.METHOD_NOT_ALLOWED,
                        req.method().value()
                            + " is not allowed on "
                            + req.getUri().path()
                            + "; allowed: "
                            + String.join(", ", allowed))
                    .addHeader(
                        Allow.create(
                            rejections.stream()
                                .map(MethodRejection::supported)
                                .distinct()
                                .toArray(HttpMethod[]::new)))));
  }

  private Route malformedContent(MalformedRequestContentRejection r) {
    if (r.getCause() instanceof EntityStreamSizeException e) {
      return complete(tooLarge(e));
    }
    return complete(
        Responses.invalid("malformed request body", List.of(ProblemError.of(r.message()))));
  }

  private static HttpResponse tooLarge(EntityStreamSizeException e) {
    return Responses.problem(
        StatusCodes.CONTENT_TOO_LARGE,
        "the request body exceeds the limit of "
            + e.limit()
            + " bytes (forja.agent.max-body-bytes)");
  }

  /** A default rejection answer (plain text) as a problem with the same status and text. */
  private static HttpResponse asProblem(HttpResponse plain) {
    HttpEntity entity = plain.entity();
    String text =
        entity instanceof HttpEntity.Strict s ? s.getData().utf8String() : plain.status().reason();
    HttpResponse p = Responses.problem(plain.status(), text);
    return p.addHeaders(plain.getHeaders());
  }

  /** The exception handler of every route. */
  public ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder().matchAny(this::failed).build();
  }

  private Route failed(Throwable thrown) {
    Throwable t = thrown;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof BadRequestException e) {
      return complete(Responses.invalid(e.getMessage(), e.errors()));
    }
    if (t instanceof InvalidQueryException e) {
      return complete(
          Responses.invalid(e.getMessage(), List.of(ProblemError.at("query", e.getMessage()))));
    }
    if (t instanceof InvalidFormaException e) {
      return complete(
          Responses.invalid(
              e.problems().size() + " problem(s) in the forma",
              e.problems().stream()
                  .map(p -> new ProblemError(p.pointer(), null, null, p.message()))
                  .collect(Collectors.toList())));
    }
    if (t instanceof EntityStreamSizeException e) {
      return complete(tooLarge(e));
    }
    if (t instanceof AskTimeoutException || t instanceof TimeoutException) {
      return complete(Responses.unavailable("the engine did not answer in time; retry shortly"));
    }
    Throwable cause = t;
    return extractRequest(
        req -> {
          LOG.error("{} {} failed", req.method().value(), req.getUri().path(), cause);
          return complete(
              Responses.problem(
                  StatusCodes.INTERNAL_SERVER_ERROR,
                  "the agent failed to answer; its log has the details"));
        });
  }

  /** The answer when a request outlives its timeout. */
  public static HttpResponse timedOut(HttpRequest req) {
    return Responses.unavailable(
        req.method().value() + " " + req.getUri().path() + " did not complete in time; retry");
  }
}
