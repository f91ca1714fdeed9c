/**
 * The agent's Pekko HTTP API under {@code /api/v1}: {@link dev.forja.http.AgentServer} serves a
 * {@link dev.forja.actors.ForjaEngine} as {@link dev.forja.http.AgentSettings} say; {@link
 * dev.forja.http.ApiRoutes} holds the routes.
 */
package dev.forja.http;
