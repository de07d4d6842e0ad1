package dev.sparkjobs.gateway.hs2;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.Authenticator;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TByteArrayOutputStream;
import org.apache.thrift.TException;
import org.apache.thrift.TProcessor;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TIOStreamTransport;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.apache.thrift.transport.TTransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TCLIService over HTTP ({@code transportMode=http;httpPath=cliservice}), for clients behind
 * proxies: each POST carries one Thrift call in the binary protocol and its answer comes back as
 * the response body. Credentials come in HTTP Basic; a verified name and password are remembered
 * for a while (by digest), so that a fetch loop does not pay for the password hash on every call.
 * Sessions outlive the HTTP connections and end by CloseSession or idle expiry.
 */
final class HttpTransport
        implements AutoCloseable
{
    static final String PATH = "/cliservice";
    private static final Logger log = LoggerFactory.getLogger(HttpTransport.class);
    private static final int MAX_REQUEST_BYTES = 64 << 20;
    private static final int MAX_REMEMBERED = 10_000;
    private static final long REMEMBER_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final EventLoopGroup group;
    private final Channel channel;
    private final ThreadPoolExecutor workers;

    private HttpTransport(EventLoopGroup group, Channel channel, ThreadPoolExecutor workers)
    {
        this.group = group;
        this.channel = channel;
        this.workers = workers;
    }

    static HttpTransport start(String host, int port, TProcessor processor, Authenticator authenticator, boolean authenticationRequired, int maxConcurrentCalls)
            throws InterruptedException
    {
        ThreadPoolExecutor workers = new ThreadPoolExecutor(0, maxConcurrentCalls, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                Hs2Executors.daemons("hs2-http-"));
        Calls calls = new Calls(processor, new Credentials(authenticator, authenticationRequired), workers);
        EventLoopGroup group = new NioEventLoopGroup(2, Hs2Executors.daemons("hs2-http-io-"));
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
                                    .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                    .addLast(calls);
                        }
                    })
                    .bind(host, port)
                    .sync()
                    .channel();
            return new HttpTransport(group, channel, workers);
        }
        catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully();
            workers.shutdownNow();
            throw e;
        }
    }

    int port()
    {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close()
    {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownNow();
    }

    /** Who the caller is: checked against the authenticator, or any name when none is required. */
    private static final class Credentials
    {
        private final Authenticator authenticator;
        private final boolean required;
        private final Map<String, Long> verified = new ConcurrentHashMap<>();

        Credentials(Authenticator authenticator, boolean required)
        {
            this.authenticator = requireNonNull(authenticator, "authenticator is null");
            this.required = required;
        }

        /** The user, empty when no credentials were sent and none are needed; null when refused. */
        Optional<String> user(String authorization)
        {
            String[] basic = basic(authorization);
            if (basic == null) {
                return required ? null : Optional.empty();
            }
            if (!required) {
                return Optional.of(basic[0]);
            }
            String digest = digest(basic[0], basic[1]);
            Long until = verified.get(digest);
            if (until != null && until - System.nanoTime() > 0) {
                return Optional.of(basic[0]);
            }
            if (!authenticator.authenticate(basic[0], basic[1])) {
                return null;
            }
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
            verified.put(digest, System.nanoTime() + REMEMBER_NANOS);
            return Optional.of(basic[0]);
        }

        private static String[] basic(String authorization)
        {
            if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                return null;
            }
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon <= 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
            }
            catch (IllegalArgumentException e) {
                return null;
            }
        }

        private static String digest(String user, String password)
        {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                return HexFormat.of().formatHex(sha.digest((user + '\0' + password).getBytes(StandardCharsets.UTF_8)));
            }
            catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available", e);
            }
        }
    }

    @io.netty.channel.ChannelHandler.Sharable
    private static final class Calls
            extends SimpleChannelInboundHandler<FullHttpRequest>
    {
        private final TProcessor processor;
        private final Credentials credentials;
        private final ExecutorService workers;

        Calls(TProcessor processor, Credentials credentials, ExecutorService workers)
        {
            this.processor = processor;
            this.credentials = credentials;
            this.workers = workers;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request)
        {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            String path = new QueryStringDecoder(request.uri()).path();
            if (!path.equals("/") && !path.equals(PATH) && !path.startsWith(PATH + "/")) {
                respond(context, keepAlive, HttpResponseStatus.NOT_FOUND, "text/plain", ("HiveServer2 over HTTP is served at " + PATH + "\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!request.method().equals(HttpMethod.POST)) {
                respond(context, keepAlive, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "POST Thrift calls here\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Optional<String> user = credentials.user(request.headers().get(HttpHeaderNames.AUTHORIZATION));
            if (user == null) {
                FullHttpResponse refused = response(HttpResponseStatus.UNAUTHORIZED, "text/plain", "a user name and password are required (HTTP Basic)\n".getBytes(StandardCharsets.UTF_8));
                refused.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"spark-jobs\"");
                send(context, keepAlive, refused);
                return;
            }
            byte[] body = ByteBufUtil.getBytes(request.content());
            String address = context.channel().remoteAddress() instanceof InetSocketAddress remote
                    ? remote.getAddress().getHostAddress() + ":" + remote.getPort()
                    : "unknown";
            try {
                workers.execute(() -> respond(context, keepAlive, HttpResponseStatus.OK, "application/x-thrift", process(body, address, user)));
            }
            catch (RejectedExecutionException e) {
                respond(context, keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE, "text/plain", "too many calls in progress\n".getBytes(StandardCharsets.UTF_8));
            }
        }

        private byte[] process(byte[] body, String address, Optional<String> user)
        {
            TByteArrayOutputStream out = new TByteArrayOutputStream(1024);
            ClientConnection.enter(new ClientConnection(address, user, () -> { }));
            try {
                processor.process(new TBinaryProtocol(new TMemoryInputTransport(body)), new TBinaryProtocol(new TIOStreamTransport(out)));
            }
            catch (TTransportException e) {
                log.debug("Malformed HiveServer2 call over HTTP from {}", address, e);
            }
            catch (TException | RuntimeException e) {
                log.warn("HiveServer2 call over HTTP from {} failed", address, e);
            }
            finally {
                ClientConnection.exit();
            }
            byte[] answer = new byte[out.len()];
            System.arraycopy(out.get(), 0, answer, 0, out.len());
            return answer;
        }

        private static FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body)
        {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            return response;
        }

        private static void respond(ChannelHandlerContext context, boolean keepAlive, HttpResponseStatus status, String contentType, byte[] body)
        {
            send(context, keepAlive, response(status, contentType, body));
        }

        private static void send(ChannelHandlerContext context, boolean keepAlive, FullHttpResponse response)
        {
            if (keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                context.writeAndFlush(response);
            }
            else {
                context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause)
        {
            log.debug("HiveServer2 HTTP connection failed", cause);
            context.close();
        }
    }
}
