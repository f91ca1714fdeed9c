package dev.forja.persistence.journal;

import dev.forja.engine.serialization.CborSerializable;

/**
 * The events and snapshots the contract suites store: serialized by jackson-cbor, as the engine's
 * are.
 *
 * @param text what the test wrote, compared on replay
 */
public record ContractPayload(String text) implements CborSerializable {}
