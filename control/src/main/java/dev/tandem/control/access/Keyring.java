package dev.tandem.control.access;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * The TSIG keys, by name: those of the configuration and those added through the API. Read on
 * network threads (every signed request), changed rarely, hence a concurrent map.
 */
public final class Keyring {
  private final Map<Name, TSIG> byName = new ConcurrentHashMap<>();
  private final Clock clock;

  public Keyring(Collection<TsigKey> keys, Clock clock) {
    this.clock = clock;
    for (TsigKey k : keys) {
      if (byName.put(k.name(), k.tsig(clock)) != null) {
        throw new IllegalArgumentException("TSIG key " + k.name() + " is defined twice");
      }
    }
  }

  public @Nullable TSIG tsig(Name name) {
    return byName.get(name);
  }

  public boolean has(Name name) {
    return byName.containsKey(name);
  }

  /** Adds or replaces a key. */
  public void put(TsigKey key) {
    byName.put(key.name(), key.tsig(clock));
  }

  /** Removes a key; signed requests with it fail from now on. */
  public void remove(Name name) {
    byName.remove(name);
  }
}
