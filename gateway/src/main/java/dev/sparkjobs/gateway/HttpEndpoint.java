package dev.sparkjobs.gateway;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP port: health, metrics, and later the REST API and web UI. Routes are exact paths
 * answered with GET.
 */
public final class HttpEndpoint
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);

    /** An HTTP answer. */
    public record Response(int status, String contentType, String body)
    {
        public static Response text(int status, String body)
        {
            return new Response(status, "text/plain; charset=utf-8", body);
        }
    }

    private final EventLoopGroup group;
    private final Channel channel;

    private HttpEndpoint(EventLoopGroup group, Channel channel)
    {
        this.group = group;
        this.channel = channel;
    }

    public static HttpEndpoint start(String host, int port, Map<String, Supplier<Response>> routes)
            throws InterruptedException
    {
        Map<String, Supplier<Response>> copy = Map.copyOf(routes);
        EventLoopGroup group = new NioEventLoopGroup(2, runnable -> {
            Thread thread = new Thread(runnable, "http");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>()
                    {
                        @Override
                        protected void initChannel(SocketChannel channel)
                        {
                            channel.pipeline()
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpObjectAggregator(1 << 20))
                                    .addLast(new Router(copy));
                        }
                    })
                    .bind(host, port)
                    .sync()
                    .channel();
            return new HttpEndpoint(group, channel);
        }
        catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully();
            throw e;
        }
    }

    public int port()
    {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close()
    {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully().syncUninterruptibly();
    }

    private static final class Router
            extends SimpleChannelInboundHandler<FullHttpRequest>
    {
        private final Map<String, Supplier<Response>> routes;

        Router(Map<String, Supplier<Response>> routes)
        {
            this.routes = requireNonNull(routes, "routes is null");
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request)
        {
            Response response;
            String path = new QueryStringDecoder(request.uri()).path();
            Supplier<Response> route = routes.get(path);
            if (route == null) {
                response = Response.text(404, "not found: " + path + "\n");
            }
            else if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
                response = Response.text(405, "only GET is served at " + path + "\n");
            }
            else {
                try {
                    response = route.get();
                }
                catch (RuntimeException e) {
                    log.warn("HTTP route {} failed", path, e);
                    response = Response.text(500, "internal error: " + e.getMessage() + "\n");
                }
            }
            byte[] body = request.method().equals(HttpMethod.HEAD) ? new byte[0] : response.body().getBytes(StandardCharsets.UTF_8);
            FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(body));
            http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
            http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (keepAlive) {
                http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                context.writeAndFlush(http);
            }
            else {
                context.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause)
        {
            log.debug("HTTP connection failed", cause);
            context.close();
        }
    }
}
