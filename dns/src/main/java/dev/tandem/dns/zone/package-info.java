/**
 * The zone model: an immutable {@link dev.tandem.dns.zone.ZoneSnapshot} per zone version, built
 * from zone files (through dnsjava's parser) or from a previous snapshot plus a {@link
 * dev.tandem.dns.zone.ZoneDiff}, and validated on load.
 */
@NullMarked
package dev.tandem.dns.zone;

import org.jspecify.annotations.NullMarked;
