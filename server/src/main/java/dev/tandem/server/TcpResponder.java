package dev.tandem.server;

import dev.tandem.dns.engine.MessageStream;
import dev.tandem.dns.engine.Responder;
import dev.tandem.dns.engine.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the queries of one TCP connection (RFC 7766): each framed message in the order it
 * arrives, several per connection, every response with its two-byte length. Answering is
 * synchronous, so responses leave in query order.
 *
 * <p>Limits: the connection's deadlines and its place among the server's connections are kept by
 * its {@link TcpConnection}, which this handler tells what happens (a message received, a response
 * written, reading stopped or resumed); and while more responses wait to be sent than the
 * configured cap, because the client is not reading, the server stops reading from it
 * (back-pressure instead of buffering without bound).
 */
final class TcpResponder extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(TcpResponder.class);

  private final Responder responder;
  private final Responder.Session session;
  private final TcpConnection connection;
  private final int maxPending;
  private final byte[] in = new byte[65535];
  private int pending;
  private @Nullable StreamSender streaming;

  /** Later responses that completed during a zone transfer, sent when it ends (loop thread). */
  private final java.util.ArrayDeque<byte[]> afterStream = new java.util.ArrayDeque<>();

  /**
   * One listener for every response of this connection (the handler belongs to one channel): counts
   * the response as sent and resumes reading once the backlog is under the cap.
   */
  private final ChannelFutureListener sent;

  /**
   * @param tls whether the connection is over TLS (the responder is told: ACLs may require it)
   */
  TcpResponder(Responder responder, TcpConnections limits, int maxPending, boolean tls) {
    this.responder = responder;
    this.session = tls ? responder.newTlsSession() : responder.newSession();
    this.connection = new TcpConnection(limits, () -> pending > 0 || streaming != null);
    this.maxPending = maxPending;
    this.sent =
        f -> {
          pending--;
          connection.sent();
          if (streaming == null && !f.channel().config().isAutoRead() && pending < maxPending) {
            reading(f.channel(), true);
          }
        };
  }

  /** The connection's place and deadlines, for the framing in front of this handler. */
  TcpConnection connection() {
    return connection;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (!connection.opened(ctx.channel())) {
      ctx.close();
      return;
    }
    ctx.fireChannelActive();
  }

  /** Stops or resumes reading queries, and tells the deadlines. */
  private void reading(Channel ch, boolean on) {
    ch.config().setAutoRead(on);
    connection.reading(on);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    StreamSender s = streaming;
    if (s != null) {
      streaming = null;
      s.failed("the connection closed after " + s.stream.records() + " records");
    }
    connection.closed();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf frame = (ByteBuf) msg;
    connection.received();
    if (streaming != null) {
      // Pipelined behind a transfer (auto-read is off, but a batch may already be decoded).
      // Dropping it would leave the client waiting; closing tells it to retry.
      frame.release();
      ctx.close();
      return;
    }
    InetAddress peer = connection.peer();
    try {
      int length = frame.readableBytes();
      frame.getBytes(frame.readerIndex(), in, 0, length);
      int n = responder.respond(session, in, length, Transport.TCP, peer);
      if (n == 0) {
        java.util.concurrent.CompletionStage<byte[]> later = session.takeDeferred();
        if (later != null) {
          // An UPDATE, applied off this thread: answer on this loop when it is done.
          connection.waiting(true);
          // Failed (no answer to send): the connection no longer waits either way.
          later.whenComplete(
              (bytes, failed) ->
                  ctx.channel()
                      .eventLoop()
                      .execute(
                          () -> {
                            if (bytes == null) {
                              connection.waiting(false);
                            } else {
                              answerLater(ctx, bytes);
                            }
                          }));
        }
        return;
      }
      write(ctx, session.response(), n);
      MessageStream stream = session.takeStream();
      if (stream != null) {
        // A zone transfer: stop reading queries until it is sent (RFC 7766 allows later queries
        // to wait), and send it one message at a time as the peer reads.
        reading(ctx.channel(), false);
        ctx.flush();
        new StreamSender(ctx, stream).sendWhileWritable();
        return;
      }
      if (pending >= maxPending) {
        reading(ctx.channel(), false);
        ctx.flush();
      }
    } catch (RuntimeException e) {
      log.error("failed to answer a query from {}", ctx.channel().remoteAddress(), e);
      ctx.close();
    } finally {
      frame.release();
    }
  }

  /**
   * Sends a response that was made later (an UPDATE's), on this loop; if a zone transfer started on
   * the connection meanwhile, after it, not between its messages.
   */
  private void answerLater(ChannelHandlerContext ctx, byte[] bytes) {
    connection.waiting(false);
    if (!ctx.channel().isActive()) {
      return;
    }
    if (streaming != null) {
      afterStream.add(bytes);
      return;
    }
    write(ctx, bytes, bytes.length);
    ctx.flush();
  }

  private void write(ChannelHandlerContext ctx, byte[] message, int n) {
    ByteBuf out = ctx.alloc().ioBuffer(n + 2);
    out.writeShort(n);
    out.writeBytes(message, 0, n);
    pending++;
    ctx.write(out).addListener(sent);
  }

  /**
   * Sends the messages of a zone transfer as the socket drains: while the channel is writable it
   * makes and writes the next message; when the peer falls behind, the channel's writability event
   * resumes it. A million-record zone so costs a few messages of memory, not the zone.
   */
  private final class StreamSender {
    private final ChannelHandlerContext ctx;
    private final MessageStream stream;
    private final long started;

    StreamSender(ChannelHandlerContext ctx, MessageStream stream) {
      this.ctx = ctx;
      this.stream = stream;
      this.started = ctx.executor().ticker().nanoTime();
      TcpResponder.this.streaming = this;
    }

    void sendWhileWritable() {
      Channel ch = ctx.channel();
      try {
        while (ch.isActive() && ch.isWritable()) {
          int n = stream.nextInto();
          if (n < 0) {
            ctx.flush();
            finish();
            return;
          }
          write(ctx, stream.buffer(), n);
        }
        // One flush (one writev) for the messages written since the last: as many as fit under
        // the channel's high water mark.
        ctx.flush();
      } catch (RuntimeException e) {
        log.error("zone transfer of {} to {} failed", stream.describe(), ch.remoteAddress(), e);
        streaming = null;
        ctx.close();
        failed("internal error (" + e + ")");
      }
    }

    private long millis() {
      return (ctx.executor().ticker().nanoTime() - started) / 1_000_000;
    }

    /** Tells the stream it was not sent whole (it reports that once, however often told). */
    void failed(String why) {
      stream.finished(millis(), why);
    }

    private void finish() {
      streaming = null;
      for (byte[] later = afterStream.poll(); later != null; later = afterStream.poll()) {
        write(ctx, later, later.length);
      }
      ctx.flush();
      long ms = millis();
      log.info(
          "sent {} to {}: {} records, {} bytes in {} ms",
          stream.describe(),
          ctx.channel().remoteAddress(),
          stream.records(),
          stream.bytes(),
          ms);
      stream.finished(ms, null);
      reading(ctx.channel(), pending < maxPending);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    StreamSender s = streaming;
    if (s != null && ctx.channel().isWritable()) {
      s.sendWhileWritable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Resets, oversized frames and the like end this connection only.
    log.debug(
        "closing TCP connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
