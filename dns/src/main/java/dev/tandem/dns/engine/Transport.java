package dev.tandem.dns.engine;

/** How a query arrived: it decides the response size limit and whether truncation applies. */
public enum Transport {
  /** At most the client's EDNS payload size (512 without EDNS); TC when an answer does not fit. */
  UDP,
  /** Up to 65535 bytes (RFC 7766); never truncated. */
  TCP
}
