// Cuts a TCP connection the way a lost network does, for tcpProxy's down(): with an RST where the kernel
// allows one, else a plain close.
import type { Socket } from 'node:net';

/**
 * A socket whose FIN is on its way (end() reached _final: the peer closed its side and pipe() or
 * allowHalfOpen=false ended ours) must NOT get resetAndDestroy(): libuv's uv_tcp_close_reset() refuses a
 * stream with a shutdown in flight (EINVAL), and Node 20's TCPWrap::Reset() then marks the handle closing
 * without ever calling uv_close(), while net.js drops its reference. Nothing can close that handle again,
 * so at exit Environment::CleanupHandles() waits for it for ever: the test file passes, prints its summary
 * and then spins a core instead of exiting. Such a socket is closing anyway, so destroy() is the same
 * "network gone" for its peer; a socket still connecting has nothing to reset either.
 */
export function cutConnection(sock: Socket): void {
  if (sock.connecting || sock.writableEnded) sock.destroy();
  else sock.resetAndDestroy();
}
