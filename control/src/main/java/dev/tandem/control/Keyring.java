package dev.tandem.control;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/** The configured TSIG keys, by name. */
public final class Keyring {
  private final Map<Name, TSIG> byName = new LinkedHashMap<>();

  public Keyring(Collection<TsigKey> keys, Clock clock) {
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
}
