package dev.forja.persistence.db;

/** A store operation failed in the database; the message names the operation. */
public final class DatabaseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
