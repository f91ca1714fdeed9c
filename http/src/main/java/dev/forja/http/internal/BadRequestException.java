package dev.forja.http.internal;

import dev.forja.http.dto.ProblemError;
import java.util.List;

/** A request the API refuses with 400, naming every error; the exception handler answers it. */
public final class BadRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<ProblemError> errors;

  public BadRequestException(String detail, List<ProblemError> errors) {
    super(detail);
    this.errors = List.copyOf(errors);
  }

  /** Every error. */
  public List<ProblemError> errors() {
    return errors;
  }
}
