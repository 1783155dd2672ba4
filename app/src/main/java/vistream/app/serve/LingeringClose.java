package vistream.app.serve;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * Closes a connection whose request was refused part-read (413, 414, 431, 408) without resetting it: a socket
 * closed with bytes still unread answers them with a TCP reset, and a reset makes the client drop the refusal it
 * has not read yet, so curl says "connection reset" instead of "413". So the server sends its end of stream first
 * and, for a short while, reads and discards what the client still sends, then closes: when the client closes,
 * after {@link #LINGER}, or after {@link #LINGER_BYTES}, whichever comes first. The bound keeps a refused 200 MB
 * upload from being read in full.
 *
 * <p>It sits first in the pipeline, so it sees every close asked for by the handlers after it and the bytes
 * before the HTTP codec does. Other closes (a request read in full, an idle connection) are left as they are.
 */
final class LingeringClose extends ChannelDuplexHandler {

    /** The longest the server reads after its end of stream. */
    static final Duration LINGER = Duration.ofSeconds(2);
    /** The most bytes it reads then: as much as a client has sent unanswered by the time it reads the refusal. */
    static final long LINGER_BYTES = 1 << 20;

    private final BooleanSupplier partlyRead;
    private boolean lingering;
    private long discarded;

    /** @param partlyRead whether a request is partly read, so that its client may still be sending */
    LingeringClose(BooleanSupplier partlyRead) {
        this.partlyRead = partlyRead;
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (lingering) {
            ctx.channel().closeFuture().addListener(closed -> promise.trySuccess());
            return;
        }
        if (!(ctx.channel() instanceof DuplexChannel duplex) || !duplex.isActive() || duplex.isOutputShutdown()
                || !partlyRead.getAsBoolean()) {
            ctx.close(promise);
            return;
        }
        lingering = true;
        ctx.channel().closeFuture().addListener(closed -> promise.trySuccess());
        duplex.shutdownOutput().addListener(shut -> {
            if (!shut.isSuccess()) {
                ctx.close();
                return;
            }
            ctx.executor().schedule(() -> ctx.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
            // reactor-netty reads on demand; nobody else asks now.
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!lingering) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof ByteBuf buf) {
            discarded += buf.readableBytes();
        }
        ReferenceCountUtil.release(msg);
        if (discarded > LINGER_BYTES) {
            ctx.close();
        }
    }
}
