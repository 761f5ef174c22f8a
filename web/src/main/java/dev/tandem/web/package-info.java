/**
 * The control panel: server-rendered pages (jte templates compiled at build time) on the API's
 * port, calling the same use cases as the API ({@code control.service}), so every rule and error
 * text is the API's. A browser logs in with an API key and gets a session cookie; every form
 * carries the session's CSRF token. Assets (htmx, uPlot, the style sheet) are served from the jar.
 */
@NullMarked
package dev.tandem.web;

import org.jspecify.annotations.NullMarked;
