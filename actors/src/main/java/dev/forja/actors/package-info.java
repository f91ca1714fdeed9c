/**
 * The typed Pekko actors that execute changesets durably, and the embedding facade. Filled in by
 * the actor-engine issue.
 */
package dev.forja.actors;
