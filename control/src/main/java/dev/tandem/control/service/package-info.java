/**
 * The use cases the API, the PowerDNS surface and the CLI call: every request checked whole before
 * anything changes, errors as {@link dev.tandem.control.service.ServiceException}.
 */
@NullMarked
package dev.tandem.control.service;

import org.jspecify.annotations.NullMarked;
