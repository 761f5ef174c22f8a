/**
 * Primary zones: the source of truth edited here (zone files, API, RFC 2136 UPDATE); each change
 * one serial, one journal entry, one published snapshot, NOTIFY out.
 */
@NullMarked
package dev.tandem.control.primary;

import org.jspecify.annotations.NullMarked;
