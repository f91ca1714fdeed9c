package dev.forja.plugin.sim.cloud;

/**
 * An API-level error, as Cloud Control answers one before any request exists: the AWS error code
 * ({@code ThrottlingException}, {@code InternalFailure}, {@code ResourceNotFoundException}, {@code
 * ValidationException}, {@code RequestTokenNotFoundException}, {@code
 * ClientTokenConflictException}, …) and the HTTP status it travels with.
 */
public final class SimException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final int httpStatus;

  public SimException(String code, int httpStatus, String message) {
    super(message);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** The AWS error code. */
  public String code() {
    return code;
  }

  /** 400 for client errors and throttling, 500 for internal failures. */
  public int httpStatus() {
    return httpStatus;
  }
}
