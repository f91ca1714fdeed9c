package dev.forja.engine.store;

class InMemoryInventoryStoreTest extends InventoryStoreContract {

  @Override
  protected InventoryStore newStore() {
    return new InMemoryInventoryStore();
  }
}
