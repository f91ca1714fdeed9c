package dev.forja.actors.resource.internal;

import dev.forja.engine.plugin.ErrorCodes;
import dev.forja.engine.plugin.OperationStatus;
import dev.forja.engine.plugin.PluginOperation;
import dev.forja.engine.plugin.ProgressResult;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** How a PluginOperator calls a plugin and words the failures it makes up itself. */
public final class PluginCalls {
  private PluginCalls() {}

  /** {@code create of AWS::SQS::Queue}. */
  public static String describe(PluginOperation op, String type) {
    return op.name().toLowerCase(Locale.ROOT) + " of " + type;
  }

  /** The plugin's stage; a plugin that throws or answers null gets a failed stage instead. */
  public static CompletionStage<ProgressResult> guarded(
      Supplier<CompletionStage<ProgressResult>> send) {
    try {
      CompletionStage<ProgressResult> stage = send.get();
      return stage != null
          ? stage
          : CompletableFuture.failedFuture(new IllegalStateException("the plugin returned null"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * A plugin that threw, failed its stage or answered null: a bug, not a cloud failure. Retrying a
   * mutation with a new token could apply it twice (the request may have reached the cloud), so
   * only a read is retryable.
   */
  public static ProgressResult pluginError(
      String namespace, PluginOperation op, String type, Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    String why =
        "plugin "
            + namespace
            + " failed the "
            + describe(op, type)
            + ": "
            + (cause == null ? "no result" : cause.toString());
    return new ProgressResult(
        op,
        OperationStatus.FAILED,
        null,
        null,
        null,
        ErrorCodes.INTERNAL_FAILURE,
        op == PluginOperation.READ,
        why);
  }

  /** The call took longer than the plugin call timeout; it may still land in the cloud. */
  public static ProgressResult callTimedOut(PluginOperation op, String type, Duration timeout) {
    return ProgressResult.failure(
        op,
        ErrorCodes.TIMEOUT,
        describe(op, type) + " did not answer within the plugin call timeout (" + timeout + ")");
  }

  /** The operation stayed in progress longer than the status max-wait. */
  public static ProgressResult waitedTooLong(
      PluginOperation op, String type, Duration maxWait, String requestToken) {
    return ProgressResult.failure(
        op,
        ErrorCodes.TIMEOUT,
        describe(op, type)
            + " still in progress after the status max-wait ("
            + maxWait
            + "), request token "
            + requestToken);
  }
}
