/**
 * Durable stores: the command journal and the inventory (SQLite embedded default, PostgreSQL for
 * production). Filled in by the durable-stores issue.
 */
package dev.forja.persistence;
