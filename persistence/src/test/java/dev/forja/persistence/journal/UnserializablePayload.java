package dev.forja.persistence.journal;

/**
 * A payload no serializer is bound to: writing it must be rejected, not fail the journal.
 *
 * @param text what the test tried to write
 */
public record UnserializablePayload(String text) {}
