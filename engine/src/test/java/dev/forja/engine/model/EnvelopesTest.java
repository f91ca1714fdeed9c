package dev.forja.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvelopesTest {

  @Test
  void aPlannedReferenceRoundTripsThroughItsUri() {
    ResolvedRef r = new ResolvedRef("2abc", "/Endpoint/Address", null);
    assertThat(r.uri()).isEqualTo("forja://2abc#/Endpoint/Address");
    assertThat(ResolvedRef.from(r.toJson())).contains(r);
  }

  @Test
  void aPropertyNameBecomesAnEscapedPointer() {
    assertThat(PropertyPointer.of("VpcId")).isEqualTo("/VpcId");
    assertThat(PropertyPointer.of("a/b~c")).isEqualTo("/a~1b~0c");
    assertThat(PropertyPointer.of("/Endpoint/Address")).isEqualTo("/Endpoint/Address");
    assertThat(PropertyPointer.topLevel("/a~1b/0")).isEqualTo("a/b");
  }

  @Test
  void aDigestedSecretKeepsNoClearValueButStillMatchesIt() {
    OpaqueValue clear = new OpaqueValue(JsonNodeFactory.instance.textNode("s3cr3t"), null);
    OpaqueValue digested = clear.digested();
    assertThat(digested.value()).isNull();
    assertThat(digested.toJson().toString()).doesNotContain("s3cr3t");
    assertThat(clear.sameSecret(digested)).isTrue();
    assertThat(
            new OpaqueValue(JsonNodeFactory.instance.textNode("other"), null).sameSecret(digested))
        .isFalse();
    assertThat(clear.digested().digest()).isNotEqualTo(digested.digest());
  }

  @Test
  void digestAllReplacesEverySecretOfATreeAndLeavesTheRestAlone() throws Exception {
    var tree =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(
                """
                {"Name": "db", "Password": {"$visibility": "Opaque", "$value": "pw-1"},
                 "Users": [{"Key": {"$visibility": "Opaque", "$value": {"k": "pw-2"}}}],
                 "Ref": {"$res": true, "$label": "vpc", "$property": "Id"}}
                """);

    var digested = OpaqueValue.digestAll(tree);

    assertThat(digested.toString()).doesNotContain("pw-1").doesNotContain("pw-2");
    assertThat(digested.get("Name")).isEqualTo(tree.get("Name"));
    assertThat(digested.get("Ref")).isEqualTo(tree.get("Ref"));
    assertThat(
            OpaqueValue.from(digested.get("Password"))
                .orElseThrow()
                .sameSecret(OpaqueValue.from(tree.get("Password")).orElseThrow()))
        .isTrue();
    assertThat(
            OpaqueValue.from(digested.path("Users").path(0).get("Key"))
                .orElseThrow()
                .sameSecret(OpaqueValue.from(tree.path("Users").path(0).get("Key")).orElseThrow()))
        .isTrue();
    assertThat(tree.get("Password").get("$value").asText()).as("input untouched").isEqualTo("pw-1");
  }

  @Test
  void aSecretNeverShowsInToString() {
    assertThat(new OpaqueValue(JsonNodeFactory.instance.textNode("s3cr3t"), null).toString())
        .doesNotContain("s3cr3t");
  }

  @Test
  void ksuidsAreTwentySevenBase62CharactersUniqueAndSortByTime() {
    Ksuid early =
        Ksuid.generator(
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), new Random(1));
    Ksuid late =
        Ksuid.generator(
            Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC), new Random(1));
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String k = early.get();
      assertThat(k).hasSize(27).matches("[0-9A-Za-z]+");
      seen.add(k);
    }
    assertThat(seen).hasSize(1000);
    assertThat(late.get().compareTo(early.get())).isPositive();
  }
}
