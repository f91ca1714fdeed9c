package dev.forja.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.store.InventoryQuery.Field;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryQueryTest {
  private static final String KNOWN = "known fields: managed, stack, target, type, label";

  private static final InventoryResource BUCKET =
      resource("prod-eu", "logs", "AWS::S3::Bucket", "eu-west", true);
  private static final InventoryResource QUEUE =
      resource("prod-us", "jobs", "AWS::SQS::Queue", "us-east", true);
  private static final InventoryResource FOUND =
      resource("staging", "logs.old", "AWS::S3::Bucket", "eu-west", false);

  private static InventoryResource resource(
      String stack, String label, String type, String target, boolean managed) {
    return new InventoryResource(
        stack + "/" + label, stack, label, type, target, null, managed, null, null);
  }

  private static List<InventoryResource> matching(String text) {
    InventoryQuery q = InventoryQuery.parse(text);
    return List.of(BUCKET, QUEUE, FOUND).stream().filter(q::matches).toList();
  }

  @Test
  void blankTextMatchesEverything() {
    assertThat(InventoryQuery.parse("")).isSameAs(InventoryQuery.ALL);
    assertThat(InventoryQuery.parse(" \t\n")).isSameAs(InventoryQuery.ALL);
    assertThat(InventoryQuery.parse(null)).isSameAs(InventoryQuery.ALL);
    assertThat(InventoryQuery.ALL.terms()).isEmpty();
    assertThat(InventoryQuery.ALL.isAll()).isTrue();
    assertThat(matching("")).containsExactly(BUCKET, QUEUE, FOUND);
  }

  @Test
  void eachFieldMatchesItsOwnValueExactly() {
    assertThat(matching("stack:prod-eu")).containsExactly(BUCKET);
    assertThat(matching("label:logs")).containsExactly(BUCKET);
    assertThat(matching("target:eu-west")).containsExactly(BUCKET, FOUND);
    assertThat(matching("type:AWS::SQS::Queue")).containsExactly(QUEUE);
    assertThat(matching("managed:true")).containsExactly(BUCKET, QUEUE);
    assertThat(matching("managed:false")).containsExactly(FOUND);
  }

  @Test
  void valuesMatchCaseSensitivelyButManagedAndFieldNamesDoNot() {
    assertThat(matching("stack:PROD-EU")).isEmpty();
    assertThat(matching("type:aws::s3::bucket")).isEmpty();
    assertThat(matching("managed:FALSE")).containsExactly(FOUND);
    assertThat(matching("Stack:prod-eu MANAGED:True")).containsExactly(BUCKET);
  }

  @Test
  void aWildcardStandsForAnyRunOfCharacters() {
    assertThat(matching("stack:prod-*")).containsExactly(BUCKET, QUEUE);
    assertThat(matching("stack:*-us")).containsExactly(QUEUE);
    assertThat(matching("type:AWS::*::Bucket")).containsExactly(BUCKET, FOUND);
    assertThat(matching("label:logs*")).containsExactly(BUCKET, FOUND);
    assertThat(matching("label:*")).containsExactly(BUCKET, QUEUE, FOUND);
    assertThat(matching("stack:Prod-*")).isEmpty();
  }

  @Test
  void everythingButTheWildcardIsLiteral() {
    assertThat(matching("label:logs.old")).containsExactly(FOUND);
    assertThat(matching("label:logs.ol?")).isEmpty();
    assertThat(matching("label:logs.*")).containsExactly(FOUND);
    assertThat(matching("label:l.gs")).isEmpty();
  }

  @Test
  void severalValuesOfOneFieldAreAlternatives() {
    assertThat(matching("stack:prod-us,staging")).containsExactly(QUEUE, FOUND);
    assertThat(matching("stack:prod-us stack:staging")).containsExactly(QUEUE, FOUND);
    assertThat(InventoryQuery.parse("stack:prod-us stack:staging").terms())
        .isEqualTo(InventoryQuery.parse("stack:prod-us,staging").terms());
  }

  @Test
  void differentFieldsMustAllMatch() {
    assertThat(matching("type:AWS::S3::Bucket target:eu-west")).containsExactly(BUCKET, FOUND);
    assertThat(matching("type:AWS::S3::Bucket target:eu-west managed:true"))
        .containsExactly(BUCKET);
    assertThat(matching("stack:prod-* label:jobs,logs.old")).containsExactly(QUEUE);
  }

  @Test
  void exposesTheParsedTermsAndKeepsTheText() {
    String text = "  label:a*,b  managed:TRUE type:AWS::S3::Bucket label:c ";

    InventoryQuery q = InventoryQuery.parse(text);

    assertThat(q.text()).isEqualTo(text);
    assertThat(q.terms())
        .containsExactly(
            Map.entry(Field.MANAGED, List.of("true")),
            Map.entry(Field.TYPE, List.of("AWS::S3::Bucket")),
            Map.entry(Field.LABEL, List.of("a*", "b", "c")));
    assertThat(q.isAll()).isFalse();
    assertThat(q).isEqualTo(InventoryQuery.parse(text)).isNotEqualTo(InventoryQuery.ALL);
  }

  @Test
  void anUnknownFieldIsRefusedNamingTheTermAndTheKnownFields() {
    assertThatThrownBy(() -> InventoryQuery.parse("stack:prod color:red"))
        .isInstanceOf(InvalidQueryException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'color:red'")
        .hasMessageContaining("unknown field 'color'")
        .hasMessageContaining(KNOWN)
        .extracting(e -> ((InvalidQueryException) e).term())
        .isEqualTo("color:red");
  }

  @Test
  void malformedTermsAreRefusedNamingTheTerm() {
    for (String term : List.of("prod", ":prod", "stack:", "stack:a,", "stack:,a", "label:a,,b")) {
      assertThatThrownBy(() -> InventoryQuery.parse("type:X " + term), term)
          .isInstanceOf(InvalidQueryException.class)
          .hasMessageContaining("'" + term + "'")
          .hasMessageContaining(KNOWN);
    }
  }

  @Test
  void managedTakesOnlyTrueOrFalse() {
    for (String term : List.of("managed:yes", "managed:*", "managed:true,1")) {
      assertThatThrownBy(() -> InventoryQuery.parse(term), term)
          .isInstanceOf(InvalidQueryException.class)
          .hasMessageContaining("'" + term + "'")
          .hasMessageContaining("true or false");
    }
  }
}
