package dev.forja.loadtest.api;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** How one request of the load generator ended. */
public enum Outcome {
  /** A 2xx answer. */
  OK("2xx"),
  /**
   * A 4xx answer: the generator's requests are valid, so this is a bug on one side or the other.
   */
  CLIENT_ERROR("4xx"),
  /** A 5xx answer: the agent failed the request. */
  SERVER_ERROR("5xx"),
  /** A 1xx or 3xx answer, which none of the API's routes gives. */
  OTHER_STATUS("other status"),
  /** No answer within the client's timeout (or no connection within it): the agent is saturated. */
  TIMEOUT("timeout"),
  /** The connection failed or closed before the answer. */
  CONNECTION("connection error"),
  /** The client failed the request in any other way. */
  FAILED("client failure");

  private final String label;

  Outcome(String label) {
    this.label = label;
  }

  /** The column heading in the report. */
  public String label() {
    return label;
  }

  /** The outcome of an answer with HTTP status {@code status}. */
  public static Outcome ofStatus(int status) {
    if (status >= 200 && status < 300) {
      return OK;
    }
    if (status >= 400 && status < 500) {
      return CLIENT_ERROR;
    }
    if (status >= 500 && status < 600) {
      return SERVER_ERROR;
    }
    return OTHER_STATUS;
  }

  /** The outcome of a request that failed with {@code error} instead of an answer. */
  public static Outcome ofFailure(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof HttpTimeoutException) {
      return TIMEOUT; // HttpConnectTimeoutException included: no connection within the timeout
    }
    if (e instanceof IOException) {
      return CONNECTION;
    }
    return FAILED;
  }

  /**
   * Whether this outcome, when it happens, is explained by an offered rate above what the agent can
   * serve rather than by a fault: only a timeout is. Every other error fails the run.
   */
  public boolean explainedBySaturation() {
    return this == TIMEOUT;
  }
}
