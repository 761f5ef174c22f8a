package dev.tandem.server;

import dev.tandem.dns.engine.Responder;
import dev.tandem.dns.engine.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.atomic.AtomicInteger;
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
          if (!f.channel().config().isAutoRead() && pending < maxPending) {
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
    if (counted) {
      counted = false;
      connections.decrementAndGet();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf frame = (ByteBuf) msg;
    try {
      int length = frame.readableBytes();
      frame.getBytes(frame.readerIndex(), in, 0, length);
      int n = responder.respond(session, in, length, Transport.TCP);
      if (n == 0) {
        return;
      }
      ByteBuf out = ctx.alloc().ioBuffer(n + 2);
      out.writeShort(n);
      out.writeBytes(session.response(), 0, n);
      pending++;
      ctx.write(out).addListener(sent);
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
