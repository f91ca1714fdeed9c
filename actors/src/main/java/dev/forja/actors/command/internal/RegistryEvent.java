package dev.forja.actors.command.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.forja.engine.serialization.CborSerializable;

/**
 * What the command registry's journal holds. The JSON names and type names are the journal's format
 * (golden fixtures under {@code src/test/resources/golden/events} guard them).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "Type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = RegistryEvent.CommandRegistered.class, name = "CommandRegistered"),
  @JsonSubTypes.Type(value = RegistryEvent.CommandEnded.class, name = "CommandEnded")
})
public sealed interface RegistryEvent extends CborSerializable {

  /** The command the event is about. */
  String commandId();

  /** A command was registered, before its persister accepted it: it is open. */
  record CommandRegistered(@JsonProperty("CommandId") String commandId) implements RegistryEvent {}

  /** A command ended (or was found never accepted): start-up no longer resumes it. */
  record CommandEnded(@JsonProperty("CommandId") String commandId) implements RegistryEvent {}
}
