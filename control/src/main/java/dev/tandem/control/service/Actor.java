package dev.tandem.control.service;

/**
 * Who asks for a change, as the log and the audit log name them: an API key through one of the APIs
 * (the CLI is a client of the REST API), a TSIG key through RFC 2136 UPDATE.
 *
 * @param name the API key's or TSIG key's name (or the address of an unsigned UPDATE)
 * @param via how: {@code api}, {@code powerdns}, {@code cli} or {@code update}
 * @param limits what an API key is limited to beyond its scope
 */
public record Actor(String name, String via, ApiKeys.Limits limits) {
  public Actor(String name, String via) {
    this(name, via, ApiKeys.Limits.NONE);
  }

  /** For the log: "API key NAME (via)". */
  public String describe() {
    return via.equals("update") ? "UPDATE " + name : "API key " + name + " (" + via + ")";
  }
}
