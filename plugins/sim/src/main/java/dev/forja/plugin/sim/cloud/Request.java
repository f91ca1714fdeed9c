package dev.forja.plugin.sim.cloud;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A Cloud Control request: what it does, and where it stands. Mutable, and guarded by the lock of
 * the {@link SimCloud} that holds it.
 */
final class Request {
  final String token;
  final String operation;
  final String type;
  final String identifier;
  final String clientToken;
  final long seq;
  Instant due;
  String status;
  Instant eventTime;
  ObjectNode model;
  String modelText;
  String statusMessage;
  String errorCode;
  ObjectNode desired;
  ArrayNode patch;
  String failCode;
  String failMessage;

  Request(
      String token,
      String operation,
      String type,
      String identifier,
      String clientToken,
      long seq) {
    this.token = token;
    this.operation = operation;
    this.type = type;
    this.identifier = identifier;
    this.clientToken = clientToken;
    this.seq = seq;
  }

  /** The request as a state file keeps it. */
  StateFile.StoredRequest stored() {
    return new StateFile.StoredRequest(
        token,
        operation,
        type,
        identifier,
        clientToken,
        seq,
        due,
        status,
        eventTime,
        model,
        statusMessage,
        errorCode,
        desired,
        patch,
        failCode);
  }

  /** The request a state file kept. */
  static Request restored(StateFile.StoredRequest s) {
    Request r =
        new Request(
            s.requestToken(),
            s.operation(),
            s.typeName(),
            s.identifier(),
            s.clientToken(),
            s.seq());
    r.due = s.due();
    r.status = s.operationStatus();
    r.eventTime = s.eventTime();
    r.model = s.resourceModel();
    r.statusMessage = s.statusMessage();
    r.errorCode = s.errorCode();
    r.desired = s.desired();
    r.patch = s.patch();
    r.failCode = s.failCode();
    r.failMessage = s.failCode() == null ? null : "Simulated " + s.failCode();
    return r;
  }

  /** The request as Cloud Control answers it; the model without write-only properties. */
  ProgressEvent event(Catalogue catalogue) {
    String text = null;
    if (model != null) {
      if (modelText == null) {
        modelText = Json.text(catalogue.info(type).readable(model));
      }
      text = modelText;
    }
    return new ProgressEvent(
        type, identifier, token, operation, status, eventTime, text, statusMessage, errorCode);
  }
}
