package dev.forja.plugin.aws;

/**
 * A failed {@link AwsPlugin#list} call: a list answers a page, not a {@link
 * dev.forja.engine.plugin.ProgressResult}, so its failure completes the stage exceptionally with
 * this, carrying the same code and retryability a ProgressResult would.
 */
public final class AwsCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String errorCode;
  private final boolean retryable;

  public AwsCallException(String errorCode, boolean retryable, String message, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
    this.retryable = retryable;
  }

  /** Forja's error code, as in {@link dev.forja.engine.plugin.ErrorCodes}. */
  public String errorCode() {
    return errorCode;
  }

  /** Whether trying again may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
