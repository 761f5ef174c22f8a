/**
 * The use cases the REST API, the PowerDNS surface and the CLI call, and the rules every surface's
 * requests meet before the control plane changes a zone: request text read into DNS values, record
 * edits written as one RFC 2136 UPDATE with what an UPDATE would drop silently refused instead, new
 * zones made of records with one default SOA. Every request is checked whole before anything
 * changes; errors are {@link dev.tandem.control.service.ServiceException}s.
 */
@NullMarked
package dev.tandem.control.service;

import org.jspecify.annotations.NullMarked;
