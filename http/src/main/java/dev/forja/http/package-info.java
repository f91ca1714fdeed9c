/** The agent's Pekko HTTP API under /api/v1. Filled in by the agent issue. */
package dev.forja.http;
