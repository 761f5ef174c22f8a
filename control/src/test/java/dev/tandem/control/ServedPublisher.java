package dev.tandem.control;

import dev.tandem.control.zone.ZonePublisher;
import dev.tandem.dns.engine.ServedZones;
import dev.tandem.dns.zone.ZoneSnapshot;
import java.util.concurrent.atomic.AtomicReference;
import org.xbill.DNS.Name;

/** Publishes into a served-zones holder, one atomic swap each, as the server's publisher does. */
record ServedPublisher(AtomicReference<ServedZones> served) implements ZonePublisher {
  @Override
  public void publish(ZoneSnapshot zone) {
    served.updateAndGet(s -> s.with(zone));
  }

  @Override
  public void unavailable(Name zone) {
    served.updateAndGet(s -> s.withUnavailable(zone));
  }

  @Override
  public void remove(Name zone) {
    served.updateAndGet(s -> s.without(zone));
  }
}
