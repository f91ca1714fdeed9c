package dev.forja.engine.store;

/**
 * Runs every test of {@link InventoryStoreContract} (rows, targets, queries, snapshots, concurrent
 * writers) against the in-memory store; the assertions are the contract's.
 */
class InMemoryInventoryStoreTest extends InventoryStoreContract {

  @Override
  protected InventoryStore newStore() {
    return new InMemoryInventoryStore();
  }
}
