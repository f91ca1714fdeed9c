package dev.forja.persistence.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.model.InventoryResource;
import dev.forja.engine.model.Target;
import dev.forja.engine.store.InventoryQuery;
import dev.forja.engine.store.InventoryStore;
import dev.forja.engine.store.InventoryStoreContract;
import dev.forja.persistence.db.Database;
import dev.forja.persistence.db.DatabaseException;
import dev.forja.persistence.db.Databases;
import dev.forja.persistence.db.StoreSettings;
import java.math.BigInteger;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The inventory contract against {@link JdbcInventoryStore}, plus what only a database store can
 * get wrong: pattern characters of SQL in values, case, bound parameters, JSON fidelity, reopening
 * and failures. Subclasses name the database; every test of a class shares it, emptied per test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcInventoryStoreContract extends InventoryStoreContract {

  private Database database;

  /** Settings of the database the tests of this class use, created by the subclass's fixture. */
  protected abstract StoreSettings settings();

  @Override
  protected InventoryStore newStore() {
    if (database == null) {
      database = Databases.acquire(settings());
    }
    database.writeAndWait(
        c -> {
          try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM resources");
            s.executeUpdate("DELETE FROM targets");
          }
          return null;
        });
    return new JdbcInventoryStore(database);
  }

  @AfterAll
  void closeDatabase() {
    if (database != null) {
      database.close();
      database = null;
    }
  }

  /** Closes the database and opens it again, as a restarted process would. */
  private InventoryStore reopened() {
    database.close();
    database = Databases.acquire(settings());
    return new JdbcInventoryStore(database);
  }

  @Test
  void onlyTheStarIsAWildcardAndMatchingIsCaseSensitive() {
    InventoryStore store = newStore();
    String s = stack("app");
    List<InventoryResource> rows = new ArrayList<>();
    for (String label :
        List.of(
            "100%",
            "1000",
            "a_b",
            "axb",
            "back\\slash",
            "backXslash",
            "q?",
            "qx",
            "[x]",
            "x]",
            "Bucket",
            "bucket",
            "ünïcode-😀")) {
      InventoryResource r = resource(s, label, "AWS::S3::Bucket", "local");
      store.put(r);
      rows.add(r);
    }

    for (String text :
        List.of(
            "label:100%",
            "label:10*%",
            "label:a_*",
            "label:back\\*",
            "label:q?*",
            "label:[*",
            "label:*]",
            "label:B*",
            "label:b*",
            "label:*😀",
            "label:*",
            "label:1*0*%,a_b")) {
      InventoryQuery q = InventoryQuery.parse(text + " stack:" + s);
      List<InventoryResource> expected =
          rows.stream()
              .filter(q::matches)
              .sorted(Comparator.comparing(InventoryResource::key))
              .toList();
      assertThat(store.query(q)).as(text).containsExactlyElementsOf(expected);
    }
    assertThat(store.query(InventoryQuery.parse("label:10*% stack:" + s)))
        .extracting(InventoryResource::label)
        .containsExactly("100%");
    assertThat(store.query(InventoryQuery.parse("label:B* stack:" + s)))
        .extracting(InventoryResource::label)
        .containsExactly("Bucket");
  }

  @Test
  void valuesAreBoundNeverSplicedIntoTheSql() {
    InventoryStore store = newStore();
    String s = stack("app");
    InventoryResource quoted = resource(s, "x'OR'1'='1", "AWS::S3::Bucket", "local");
    InventoryResource other = resource(s, "other", "AWS::S3::Bucket", "local");
    store.put(quoted);
    store.put(other);

    assertThat(store.query(InventoryQuery.parse("label:x'OR'1'='1"))).containsExactly(quoted);
    assertThat(store.query(InventoryQuery.parse("label:*'OR'1'='1*"))).containsExactly(quoted);
    assertThat(store.query(InventoryQuery.parse("label:');DELETE*"))).isEmpty();
    assertThat(store.query(InventoryQuery.ALL)).containsExactly(other, quoted);
  }

  @Test
  void everyFieldFiltersAndSeveralValuesOfOneFieldAreOred() {
    InventoryStore store = newStore();
    String s = stack("app");
    InventoryResource a = resource(s, "a", "AWS::S3::Bucket", "eu");
    InventoryResource b = resource(s, "b", "AWS::SQS::Queue", "us");
    InventoryResource c =
        new InventoryResource(
            freshKsuid(), s, "c", "AWS::SQS::Queue", "eu", null, false, null, null);
    List.of(c, b, a).forEach(store::put);

    assertThat(store.query(InventoryQuery.parse("managed:true,false stack:" + s)))
        .containsExactly(a, b, c);
    assertThat(store.query(InventoryQuery.parse("managed:true managed:FALSE stack:" + s)))
        .containsExactly(a, b, c);
    assertThat(store.query(InventoryQuery.parse("target:eu type:AWS::SQS::*"))).containsExactly(c);
    assertThat(store.query(InventoryQuery.parse("target:us target:e* label:b,c")))
        .containsExactly(b, c);
    assertThat(store.query(InventoryQuery.parse("type:AWS::S3::Bucket,*Queue managed:true")))
        .containsExactly(a, b);
  }

  @Test
  void aRefusedTwinNamesTheKsuidThatHoldsTheKeyAndLeavesTheStoreWorking() {
    InventoryStore store = newStore();
    InventoryResource r = resource(stack("app"), "bucket", "AWS::S3::Bucket", "local");
    store.put(r);
    InventoryResource twin = resource(r.stack(), "bucket", "AWS::S3::Bucket", "local");

    assertThatThrownBy(() -> store.put(twin))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(r.key() + " is already held by KSUID " + r.ksuid() + ", not " + twin.ksuid());

    InventoryResource next = resource(r.stack(), "next", "AWS::S3::Bucket", "local");
    store.put(next);
    assertThat(store.query(InventoryQuery.ALL)).containsExactly(r, next);
  }

  @Test
  void keepsJsonNumbersAndTextExactlyAsGiven() {
    InventoryStore store = newStore();
    ObjectNode props = NODES.objectNode();
    props.put("Huge", 1.0e20);
    props.put("Tiny", -2.5e-12);
    props.put("Long", Long.MIN_VALUE);
    props.put("Big", new BigInteger("123456789012345678901234567890"));
    props.put("Emoji", "😀 \u0000 \t \\ \"");
    props.putArray("Empty");
    props.putObject("Nested").putObject("Deeper").putNull("Null");
    InventoryResource r =
        new InventoryResource(
            freshKsuid(),
            stack("app"),
            "json",
            "AWS::S3::Bucket",
            "local",
            "id",
            true,
            props,
            props.deepCopy());

    store.put(r);

    assertThat(store.byKsuid(r.ksuid())).contains(r);
    assertThat(store.snapshot().byKsuid(r.ksuid())).contains(r);
  }

  @Test
  void keepsResourcesAndTargetsAcrossAReopen() {
    InventoryStore store = newStore();
    InventoryResource r = resource(stack("app"), "bucket", "AWS::S3::Bucket", "local");
    Target t = new Target("t-" + r.stack(), "SIM", NODES.objectNode().put("Region", "x"), true);
    store.put(r);
    store.putTargets(List.of(t));

    InventoryStore again = reopened();

    assertThat(again.byKsuid(r.ksuid())).contains(r);
    assertThat(again.targets()).containsExactly(t);
    assertThat(again.stacks()).containsExactly(r.stack());
  }

  @Test
  void aFailingWriteNamesTheOperationAndTheResource() {
    InventoryStore store = newStore();
    InventoryResource r = resource(stack("app"), "bucket", "AWS::S3::Bucket", "local");
    database.close();
    try {
      assertThatThrownBy(() -> store.put(r))
          .isInstanceOf(DatabaseException.class)
          .hasMessageStartingWith(
              "cannot store resource " + r.key() + " (ksuid " + r.ksuid() + "): ");
      assertThatThrownBy(() -> store.remove(r.ksuid()))
          .isInstanceOf(DatabaseException.class)
          .hasMessageStartingWith("cannot remove resource " + r.ksuid() + ": ");
      assertThatThrownBy(() -> store.byKsuid(r.ksuid()))
          .isInstanceOf(DatabaseException.class)
          .hasMessageStartingWith("cannot read resource " + r.ksuid() + ": ");
    } finally {
      database = Databases.acquire(settings());
    }
  }
}
