package dev.forja.engine.input.pkl;

/**
 * A Pkl module could not be evaluated. The message is Pkl's own: it names the error and the
 * module's location (file and line) where Pkl knows it.
 */
public final class PklInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  PklInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
