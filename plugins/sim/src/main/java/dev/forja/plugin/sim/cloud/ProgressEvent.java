package dev.forja.plugin.sim.cloud;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Where a Cloud Control request stands, in the API's own shape (its JSON names are the wire's).
 *
 * @param typeName the resource type
 * @param identifier the resource's identifier, once known
 * @param requestToken the token to poll the request with
 * @param operation {@code CREATE}, {@code UPDATE} or {@code DELETE}
 * @param operationStatus {@code PENDING}, {@code IN_PROGRESS}, {@code SUCCESS}, {@code FAILED},
 *     {@code CANCEL_IN_PROGRESS} or {@code CANCEL_COMPLETE}
 * @param eventTime when the request last changed
 * @param resourceModel the resource's properties as JSON text, on success of a create or update
 * @param statusMessage why it failed, or null
 * @param errorCode the HandlerErrorCode of a failure ({@code NotFound}, {@code ResourceConflict},
 *     …), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressEvent(
    @JsonProperty("TypeName") String typeName,
    @JsonProperty("Identifier") String identifier,
    @JsonProperty("RequestToken") String requestToken,
    @JsonProperty("Operation") String operation,
    @JsonProperty("OperationStatus") String operationStatus,
    @JsonProperty("EventTime") Instant eventTime,
    @JsonProperty("ResourceModel") String resourceModel,
    @JsonProperty("StatusMessage") String statusMessage,
    @JsonProperty("ErrorCode") String errorCode) {}
