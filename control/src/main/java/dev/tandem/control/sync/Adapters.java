package dev.tandem.control.sync;

import static dev.tandem.control.service.ServiceException.invalid;

import dev.tandem.control.access.Remote;
import dev.tandem.control.sync.adapter.PowerDnsAdapter;
import dev.tandem.control.sync.adapter.Rfc2136Adapter;
import dev.tandem.control.sync.adapter.SyncAdapter;
import dev.tandem.control.sync.adapter.TandemAdapter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TextParseException;

/** Makes a target's adapter from its kind, endpoint and key; refuses what does not do. */
public final class Adapters {
  private Adapters() {}

  /**
   * @param keys the TSIG keys known here, by name (null: no such key)
   */
  public static Function<SyncTarget, SyncAdapter> of(Function<Name, @Nullable TSIG> keys) {
    return t ->
        switch (t.kind()) {
          case RFC2136 -> {
            TSIG tsig = null;
            if (t.key() != null) {
              Name k;
              try {
                k = Name.fromString(t.key(), Name.root);
              } catch (TextParseException e) {
                throw invalid("key", "'" + t.key() + "' is not a TSIG key name");
              }
              tsig = keys.apply(k);
              if (tsig == null) {
                throw invalid("key", "no TSIG key '" + k + "' here: add it first (tandem key add)");
              }
            }
            try {
              yield new Rfc2136Adapter(t.zone(), Remote.parseAddress(t.endpoint()), tsig);
            } catch (IllegalArgumentException e) {
              throw invalid("endpoint", String.valueOf(e.getMessage()));
            }
          }
          case POWERDNS -> new PowerDnsAdapter(t.zone(), url(t), apiKey(t), t.serverId());
          case TANDEM -> new TandemAdapter(t.zone(), url(t), apiKey(t));
        };
  }

  private static String apiKey(SyncTarget t) {
    if (t.key() == null || t.key().isBlank()) {
      throw invalid("apiKey", "a " + t.kind().word() + " target needs its API key");
    }
    return t.key();
  }

  private static URI url(SyncTarget t) {
    try {
      URI u = new URI(t.endpoint());
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
        throw invalid("endpoint", "'" + t.endpoint() + "' is not an http:// or https:// URL");
      }
      return u;
    } catch (URISyntaxException e) {
      throw invalid("endpoint", "'" + t.endpoint() + "' is not a URL: " + e.getMessage());
    }
  }
}
