/**
 * The setup wizard: the four steps of running a zone on two providers (zone data to the other side,
 * NS records at each provider, the registrar's delegation, updates flowing), each checked live
 * against the real servers, with a tick or the exact reason it fails. Questions go through the
 * checks' client ({@code monitor.lookup}), transfers and UPDATEs through {@code control.transfer},
 * a primary/primary setup's sync target through {@code control.sync}'s use cases (the sync API's);
 * a wizard's progress is kept in the store so that it can be taken up again later.
 */
@NullMarked
package dev.tandem.control.wizard;

import org.jspecify.annotations.NullMarked;
