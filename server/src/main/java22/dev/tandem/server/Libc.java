package dev.tandem.server;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;

/**
 * The C library's socket calls that {@link MmsgUdp} makes, bound with the FFM API, and the layouts
 * of the structures they take: Linux on a 64-bit little-endian machine (x86-64, ARM64), where the
 * constants below are the same ({@code <sys/socket.h>}, {@code <netinet/in.h>}).
 *
 * <p>Every call captures {@code errno} into a segment the caller owns ({@link #errnoSegment}), so
 * that a loop's thread reads its own.
 */
final class Libc {
  static final int AF_INET = 2;
  static final int AF_INET6 = 10;
  static final int IPPROTO_IP = 0;
  static final int IP_PKTINFO = 8;
  static final int IPPROTO_IPV6 = 41;
  static final int IPV6_PKTINFO = 50;
  static final int MSG_WAITFORONE = 0x10000;
  static final int EINTR = 4;
  static final int EAGAIN = 11;
  static final int EBADF = 9;
  static final int EINVAL = 22;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = 0x80000;
  private static final int SOL_SOCKET = 1;
  private static final int SO_SNDBUF = 7;
  private static final int SO_RCVBUF = 8;
  private static final int SO_REUSEPORT = 15;
  private static final int SO_RCVTIMEO = 20;
  private static final int IPV6_V6ONLY = 26;
  private static final int IPV6_RECVPKTINFO = 49;
  private static final int SHUT_RD = 0;

  /** struct mmsghdr: a struct msghdr and the length received or sent. */
  static final long MMSGHDR = 64;

  static final long MSG_NAME = 0;
  static final long MSG_NAMELEN = 8;
  static final long MSG_IOV = 16;
  static final long MSG_IOVLEN = 24;
  static final long MSG_CONTROL = 32;
  static final long MSG_CONTROLLEN = 40;
  static final long MSG_LEN = 56;

  /** struct msghdr alone, for sendmsg. */
  private static final long MSGHDR = 56;

  /** struct iovec: base and length. */
  static final long IOVEC = 16;

  static final long IOV_BASE = 0;
  static final long IOV_LEN = 8;

  /** struct sockaddr_in6, the larger of the two addresses. */
  static final int SOCKADDR = 28;

  /** struct cmsghdr: length (size_t), level and type; the data follows it. */
  static final long CMSG_LEVEL = 8;

  static final long CMSG_TYPE = 12;
  static final long CMSG_DATA = 16;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURED = Linker.Option.captureStateLayout();
  private static final long ERRNO =
      CAPTURED.byteOffset(MemoryLayout.PathElement.groupElement("errno"));

  private static final MethodHandle SOCKET =
      call("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle SETSOCKOPT =
      call(
          "setsockopt",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle BIND =
      call("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle RECVMMSG =
      call(
          "recvmmsg",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
  private static final MethodHandle SENDMMSG =
      call("sendmmsg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
  private static final MethodHandle SENDMSG =
      call("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle SHUTDOWN =
      call("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle CLOSE =
      call("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle STRERROR =
      LINKER.downcallHandle(
          LINKER.defaultLookup().find("strerror").orElseThrow(),
          FunctionDescriptor.of(ADDRESS, JAVA_INT));

  private Libc() {}

  private static MethodHandle call(String name, FunctionDescriptor descriptor) {
    return LINKER.downcallHandle(
        LINKER.defaultLookup().find(name).orElseThrow(),
        descriptor,
        Linker.Option.captureCallState("errno"));
  }

  /** Where a thread's calls leave errno. */
  static MemorySegment errnoSegment(Arena arena) {
    return arena.allocate(CAPTURED);
  }

  static int errno(MemorySegment captured) {
    return captured.get(JAVA_INT, ERRNO);
  }

  /** The system's words for an errno ("Address already in use"). */
  static String strerror(int errno) {
    try {
      MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
      return text.reinterpret(256).getString(0);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  /**
   * A UDP socket bound to {@code address} with SO_REUSEPORT, socket buffers of {@code buffer}
   * bytes, and reads that wait at most a second (so that a loop sees it should stop even if no
   * wake-up reaches it). With {@code pktinfo}, each datagram comes with the address it was sent to,
   * so that the answer leaves from it (a wildcard address on a machine with several).
   *
   * @throws BindException if the address cannot be bound, with the system's reason
   */
  static int openUdp(InetSocketAddress address, int buffer, boolean pktinfo) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = errnoSegment(arena);
      boolean v6 = address.getAddress() instanceof Inet6Address;
      int fd =
          (int) SOCKET.invokeExact(errno, v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      if (fd < 0) {
        throw new IOException("socket: " + strerror(errno(errno)));
      }
      try {
        MemorySegment value = arena.allocate(16, 8);
        setInt(fd, SOL_SOCKET, SO_REUSEPORT, 1, value, errno);
        setInt(fd, SOL_SOCKET, SO_RCVBUF, buffer, value, errno);
        setInt(fd, SOL_SOCKET, SO_SNDBUF, buffer, value, errno);
        value.set(JAVA_LONG, 0, 1); // struct timeval: one second
        value.set(JAVA_LONG, 8, 0);
        setOption(fd, SOL_SOCKET, SO_RCVTIMEO, value, 16, errno);
        if (v6) {
          setInt(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1, value, errno); // [::] is IPv6 alone
        }
        if (pktinfo) {
          setInt(
              fd,
              v6 ? IPPROTO_IPV6 : IPPROTO_IP,
              v6 ? IPV6_RECVPKTINFO : IP_PKTINFO,
              1,
              value,
              errno);
        }
        MemorySegment name = sockaddr(arena, address);
        if ((int) BIND.invokeExact(errno, fd, name, (int) name.byteSize()) < 0) {
          throw new BindException(strerror(errno(errno)));
        }
        return fd;
      } catch (IOException | RuntimeException e) {
        close(fd);
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  private static void setInt(
      int fd, int level, int option, int v, MemorySegment value, MemorySegment errno)
      throws Throwable {
    value.set(JAVA_INT, 0, v);
    setOption(fd, level, option, value, 4, errno);
  }

  private static void setOption(
      int fd, int level, int option, MemorySegment value, int length, MemorySegment errno)
      throws Throwable {
    if ((int) SETSOCKOPT.invokeExact(errno, fd, level, option, value, length) < 0) {
      throw new IOException("setsockopt " + option + ": " + strerror(errno(errno)));
    }
  }

  /** {@code address} as a struct sockaddr_in or sockaddr_in6. */
  static MemorySegment sockaddr(Arena arena, InetSocketAddress address) {
    byte[] ip = address.getAddress().getAddress();
    boolean v6 = ip.length == 16;
    MemorySegment s = arena.allocate(v6 ? SOCKADDR : 16, 8);
    s.set(JAVA_SHORT, 0, (short) (v6 ? AF_INET6 : AF_INET));
    s.set(JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) address.getPort());
    MemorySegment.copy(ip, 0, s, JAVA_BYTE, v6 ? 8 : 4, ip.length);
    if (v6) {
      s.set(JAVA_INT, 24, ((Inet6Address) address.getAddress()).getScopeId());
    }
    return s;
  }

  /** recvmmsg(2) without a timeout: the socket's own bounds the wait. */
  static int recvmmsg(MemorySegment errno, int fd, MemorySegment msgs, int count, int flags) {
    try {
      return (int) RECVMMSG.invokeExact(errno, fd, msgs, count, flags, MemorySegment.NULL);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  static int sendmmsg(MemorySegment errno, int fd, MemorySegment msgs, int count) {
    try {
      return (int) SENDMMSG.invokeExact(errno, fd, msgs, count, 0);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  /**
   * Sends one datagram to the struct sockaddr in {@code to}, with ancillary data {@code control}
   * (empty for none); errno if it failed, else 0.
   */
  static int sendmsg(int fd, byte[] to, byte[] control, byte[] message) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = errnoSegment(arena);
      MemorySegment name = arena.allocateFrom(JAVA_BYTE, to);
      MemorySegment data = arena.allocateFrom(JAVA_BYTE, message);
      MemorySegment iov = arena.allocate(IOVEC, 8);
      iov.set(ADDRESS, IOV_BASE, data);
      iov.set(JAVA_LONG, IOV_LEN, message.length);
      MemorySegment msg = arena.allocate(MSGHDR, 8);
      msg.set(ADDRESS, MSG_NAME, name);
      msg.set(JAVA_INT, MSG_NAMELEN, to.length);
      msg.set(ADDRESS, MSG_IOV, iov);
      msg.set(JAVA_LONG, MSG_IOVLEN, 1);
      if (control.length > 0) {
        msg.set(ADDRESS, MSG_CONTROL, arena.allocateFrom(JAVA_BYTE, control));
        msg.set(JAVA_LONG, MSG_CONTROLLEN, control.length);
      }
      return (long) SENDMSG.invokeExact(errno, fd, msg, 0) < 0 ? errno(errno) : 0;
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  /** Wakes a thread waiting in recvmmsg on {@code fd}: the wait returns no datagram. */
  static void shutdownReads(int fd) {
    try (Arena arena = Arena.ofConfined()) {
      // On an unconnected UDP socket this returns ENOTCONN, and wakes the readers all the same.
      int ignored = (int) SHUTDOWN.invokeExact(errnoSegment(arena), fd, SHUT_RD);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  static void close(int fd) {
    try (Arena arena = Arena.ofConfined()) {
      int ignored = (int) CLOSE.invokeExact(errnoSegment(arena), fd);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }
}
