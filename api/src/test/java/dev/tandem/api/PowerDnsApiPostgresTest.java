package dev.tandem.api;

import dev.tandem.store.PostgresServer;
import dev.tandem.store.Stores;
import dev.tandem.store.ZoneStore;

/** The PowerDNS-compatible API's tests on a real PostgreSQL server. */
class PowerDnsApiPostgresTest extends PowerDnsApiTest {
  @Override
  ZoneStore newStore() {
    return Stores.open(PostgresServer.shared().newDatabase(), dir.resolve("unused.db"));
  }
}
