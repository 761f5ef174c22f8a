package dev.tandem.web;

/**
 * What every page's frame shows: the title, who is logged in with which scope, and the token the
 * page's forms carry.
 *
 * @param active the navigation entry to mark ({@code zones}, {@code keys}, ...)
 * @param canWrite whether the key may change zones (a read key sees no button that changes)
 * @param isAdmin whether the key may manage keys, peers, ACLs and API keys
 */
public record Frame(
    String title,
    String active,
    String keyName,
    String scope,
    boolean canWrite,
    boolean isAdmin,
    String csrf,
    String version) {}
