/**
 * Who may do what: TSIG keys and the keyring, remote servers (peers), address and key rules (ACLs),
 * UPDATE rules, API keys and their scopes.
 */
@NullMarked
package dev.tandem.control.access;

import org.jspecify.annotations.NullMarked;
