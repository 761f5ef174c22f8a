package dev.tandem.server;

import dev.tandem.dns.engine.MessageStream;
import dev.tandem.dns.engine.Responder;
import dev.tandem.dns.engine.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the queries of one TCP connection (RFC 7766): each framed message in the order it
 * arrives, several per connection, every response with its two-byte length. Answering is
 * synchronous, so responses leave in query order.
 *
 * <p>Limits: a connection idle for the configured time is closed (an {@link IdleStateEvent}); and
 * while more responses wait to be sent than the configured cap, because the client is not reading,
 * the server stops reading from it (back-pressure instead of buffering without bound).
 */
final class TcpResponder extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(TcpResponder.class);

  private final Responder responder;
  private final Responder.Session session;
  private final AtomicInteger connections;
  private final int maxConnections;
  private final int maxPending;
  private final byte[] in = new byte[65535];
  private int pending;
  private boolean counted;
  private @Nullable StreamSender streaming;

  /** Later responses that completed during a zone transfer, sent when it ends (loop thread). */
  private final java.util.ArrayDeque<byte[]> afterStream = new java.util.ArrayDeque<>();

  /**
   * One listener for every response of this connection (the handler belongs to one channel): counts
   * the response as sent and resumes reading once the backlog is under the cap.
   */
  private final ChannelFutureListener sent;

  TcpResponder(Responder responder, AtomicInteger connections, int maxConnections, int maxPending) {
    this.responder = responder;
    this.session = responder.newSession();
    this.connections = connections;
    this.maxConnections = maxConnections;
    this.maxPending = maxPending;
    this.sent =
        f -> {
          pending--;
          if (streaming == null && !f.channel().config().isAutoRead() && pending < maxPending) {
            f.channel().config().setAutoRead(true);
          }
        };
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    counted = true;
    if (connections.incrementAndGet() > maxConnections) {
      log.debug(
          "closing TCP connection from {}: limit of {} reached",
          ctx.channel().remoteAddress(),
          maxConnections);
      ctx.close();
      return;
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    StreamSender s = streaming;
    if (s != null) {
      streaming = null;
      s.failed("the connection closed after " + s.stream.records() + " records");
    }
    if (counted) {
      counted = false;
      connections.decrementAndGet();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf frame = (ByteBuf) msg;
    if (streaming != null) {
      // Pipelined behind a transfer (auto-read is off, but a batch may already be decoded).
      // Dropping it would leave the client waiting; closing tells it to retry.
      frame.release();
      ctx.close();
      return;
    }
    InetAddress peer = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
    try {
      int length = frame.readableBytes();
      frame.getBytes(frame.readerIndex(), in, 0, length);
      int n = responder.respond(session, in, length, Transport.TCP, peer);
      if (n == 0) {
        java.util.concurrent.CompletionStage<byte[]> later = session.takeDeferred();
        if (later != null) {
          // An UPDATE, applied off this thread: answer on this loop when it is done.
          later.thenAccept(
              bytes -> ctx.channel().eventLoop().execute(() -> answerLater(ctx, bytes)));
        }
        return;
      }
      write(ctx, session.response(), n);
      MessageStream stream = session.takeStream();
      if (stream != null) {
        // A zone transfer: stop reading queries until it is sent (RFC 7766 allows later queries
        // to wait), and send it one message at a time as the peer reads.
        ctx.channel().config().setAutoRead(false);
        ctx.flush();
        new StreamSender(ctx, stream).sendWhileWritable();
        return;
      }
      if (pending >= maxPending) {
        ctx.channel().config().setAutoRead(false);
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
    private final long started = System.nanoTime();

    StreamSender(ChannelHandlerContext ctx, MessageStream stream) {
      this.ctx = ctx;
      this.stream = stream;
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
      return (System.nanoTime() - started) / 1_000_000;
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
      ctx.channel().config().setAutoRead(pending < maxPending);
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
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Resets, oversized frames and the like end this connection only.
    log.debug(
        "closing TCP connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
