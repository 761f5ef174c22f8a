package dev.tandem.control.zone;

import dev.tandem.dns.zone.ZoneSnapshot;
import org.xbill.DNS.Name;

/**
 * Where the control plane puts what the data plane serves: the composition root implements it with
 * one atomic swap of the served zones per call.
 */
public interface ZonePublisher {
  /** Serves {@code zone} from now on (replacing the previous version; available again). */
  void publish(ZoneSnapshot zone);

  /** Answers SERVFAIL for {@code zone} (expired, or never loaded) until it is published again. */
  void unavailable(Name zone);

  /** Stops serving {@code zone} at all. */
  void remove(Name zone);
}
