package dev.forja.plugin.sim.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/** Writing answers on the JDK server so that keep-alive holds: every body has its exact length. */
final class Exchanges {
  static final String JSON = "application/json";
  static final String PROBLEM_JSON = "application/problem+json";

  private Exchanges() {}

  /** Sends {@code body} with its length; the exchange is closed. */
  static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Sends no body: {@code 204}. */
  static void sendNoContent(HttpExchange exchange) throws IOException {
    exchange.sendResponseHeaders(204, -1);
    exchange.close();
  }

  /** Sends an RFC 7807 problem: {@code {"title", "status", "detail"}}. */
  static void sendProblem(
      HttpExchange exchange, ObjectMapper mapper, int status, String title, String detail)
      throws IOException {
    ObjectNode problem = mapper.createObjectNode();
    problem.put("title", title);
    problem.put("status", status);
    problem.put("detail", detail);
    send(exchange, status, PROBLEM_JSON, mapper.writeValueAsBytes(problem));
  }
}
