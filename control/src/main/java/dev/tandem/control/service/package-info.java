/**
 * The rules every surface's requests meet before the control plane changes a zone (the REST API,
 * the PowerDNS API and the CLI through the REST API alike): request text read into DNS values,
 * record edits written as one RFC 2136 UPDATE with what an UPDATE would drop silently refused
 * instead, and new zones made of records with one default SOA.
 */
@NullMarked
package dev.tandem.control.service;

import org.jspecify.annotations.NullMarked;
