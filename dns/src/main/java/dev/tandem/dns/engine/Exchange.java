package dev.tandem.dns.engine;

import dev.tandem.dns.wire.Query;
import dev.tandem.dns.wire.ResponseWriter;

/**
 * What one thread needs to answer one request at a time: the parsed request, the response buffer
 * and the answer walk, all reused from one request to the next. Every stage of the request path
 * reads the request from here and writes its response here; {@link Responder.Session} adds what a
 * caller takes away (a stream, a later response).
 */
class Exchange {
  final Query query = new Query();
  final ResponseWriter writer = new ResponseWriter();
  final AuthoritativeAnswer answer = new AuthoritativeAnswer(writer);

  /** The Extended DNS Error (RFC 8914) for this response, or -1. */
  int ede;

  /**
   * Whether the requests arrive over TLS (RFC 9103 XFR-over-TLS, RFC 7858): a zone's transfer ACL
   * may require it.
   */
  final boolean overTls;

  Exchange() {
    this(false);
  }

  Exchange(boolean overTls) {
    this.overTls = overTls;
  }
}
