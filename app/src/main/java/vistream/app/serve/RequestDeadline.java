package vistream.app.serve;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * One connection's request read timeout: once a request's head is in, its body must arrive in full within the
 * timeout, or the request gets 408 (if no response has begun) and the connection is closed.
 *
 * <p>The head needs no clock of its own: reactor-netty's idle timeout watches the messages the HTTP codec decodes,
 * so a head that trickles in a byte at a time is silence to it, and the connection is closed once it has waited
 * that long for a head. But the idle timeout stops at the head, and reactor-netty's request timeout closes the
 * connection without an answer; so the body's clock is kept here, by a handler just after the codec that starts
 * it on a request's head and stops it on the request's last content. Between requests the clock does not run, so
 * a long response such as a stream of server-sent events, during which the client sends nothing, is not cut short.
 */
final class RequestDeadline extends ChannelDuplexHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration timeout;
    private final byte[] timedOut;
    private ChannelHandlerContext context;
    private ScheduledFuture<?> clock;
    private boolean reading;
    private boolean failed;
    private boolean responding;

    RequestDeadline(Duration timeout) {
        this.timeout = timeout;
        try {
            this.timedOut = JSON.writeValueAsBytes(Map.of("error", "the request did not arrive within "
                    + (timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether a request has been partly read: its head is in, but its body is not, or the codec gave up on it.
     * Its client may still be sending, so the connection should not simply be closed (see {@link LingeringClose}).
     */
    boolean partlyRead() {
        return reading || failed;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DecoderResultProvider decoded && decoded.decoderResult().isFailure()) {
            // The codec skips the rest of the connection's bytes, and reactor-netty answers 400, 414 or 431.
            failed = true;
            stop();
        } else {
            if (msg instanceof HttpRequest) {
                start(ctx);
                responding = false;
            }
            if (msg instanceof LastHttpContent) {
                reading = false;
                stop();
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            responding = true;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (!reading && !failed) {
            reading = true;
            clock = ctx.executor().schedule(this::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void stop() {
        if (clock != null) {
            clock.cancel(false);
            clock = null;
        }
    }

    private void expire() {
        clock = null;
        if (!reading || !context.channel().isActive()) {
            return;
        }
        if (responding) {
            context.close();
            return;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.REQUEST_TIMEOUT, Unpooled.wrappedBuffer(timedOut));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, timedOut.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        responding = true;
        context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
