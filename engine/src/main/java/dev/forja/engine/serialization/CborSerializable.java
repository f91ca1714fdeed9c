package dev.forja.engine.serialization;

/**
 * Marker for every message, event and state that crosses a Pekko serialization boundary. Bound to
 * the Jackson CBOR serializer once, in the actors module's {@code serialization.conf}; defined here
 * so that engine records can carry it without depending on Pekko.
 */
public interface CborSerializable {}
