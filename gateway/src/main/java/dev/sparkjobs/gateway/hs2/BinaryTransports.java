package dev.sparkjobs.gateway.hs2;

import static java.util.Objects.requireNonNull;

import java.net.Socket;
import java.net.SocketException;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.transport.TSaslServerTransport;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;
import org.apache.thrift.transport.TTransportFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The binary port speaks both HiveServer2 transports, told apart by the first byte a client sends:
 * a SASL negotiation starts with the START status (1), a raw Thrift call (NOSASL) with the binary
 * protocol's version byte (0x80). SASL connections authenticate with PLAIN; NOSASL connections
 * carry no proof of identity, so when authentication is required their OpenSession is refused.
 * The handshake must complete within a time limit, so a silent client cannot hold a thread.
 */
final class BinaryTransports
        extends TTransportFactory
{
    private static final Logger log = LoggerFactory.getLogger(BinaryTransports.class);
    private static final byte SASL_START = 0x01;

    private final TSaslServerTransport.Factory sasl;
    private final int handshakeTimeoutMillis;
    // The server asks once for the input and once for the output transport of each connection.
    private final ThreadLocal<Opened> opened = new ThreadLocal<>();

    private record Opened(TTransport base, TTransport transport) {}

    BinaryTransports(TSaslServerTransport.Factory sasl, int handshakeTimeoutMillis)
    {
        this.sasl = requireNonNull(sasl, "sasl is null");
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    @Override
    public TTransport getTransport(TTransport base)
            throws TTransportException
    {
        Opened last = opened.get();
        if (last != null && last.base() == base) {
            opened.remove();
            return last.transport();
        }
        TTransport transport = open(base);
        opened.set(new Opened(base, transport));
        return transport;
    }

    private TTransport open(TTransport base)
            throws TTransportException
    {
        Socket socket = base instanceof TSocket tsocket ? tsocket.getSocket() : null;
        try {
            int timeout = socket == null ? 0 : socket.getSoTimeout();
            if (socket != null) {
                socket.setSoTimeout(handshakeTimeoutMillis);
            }
            byte[] first = new byte[1];
            base.readAll(first, 0, 1);
            TTransport replayed = new Replayed(base, first[0]);
            TTransport transport = first[0] == SASL_START ? negotiate(replayed, socket) : replayed;
            if (socket != null) {
                socket.setSoTimeout(timeout);
            }
            return transport;
        }
        catch (SocketException e) {
            throw new TTransportException(TTransportException.UNKNOWN, "cannot set up the connection: " + e.getMessage(), e);
        }
    }

    private TTransport negotiate(TTransport replayed, Socket socket)
            throws TTransportException
    {
        try {
            return sasl.getTransport(replayed);
        }
        catch (TTransportException | RuntimeException e) {
            // The client was told why (SASL BAD or ERROR message). Reported as an end of stream,
            // which the Thrift server does not log as a server error.
            Throwable cause = e instanceof TTransportException ? e : e.getCause() == null ? e : e.getCause();
            log.info("HiveServer2 client {} failed the SASL handshake: {}", socket == null ? "unknown" : socket.getRemoteSocketAddress(), cause.getMessage());
            throw new TTransportException(TTransportException.END_OF_FILE, cause.getMessage(), cause);
        }
    }

    /** The socket under a transport this factory made, for the client's address. */
    static TTransport underlying(TTransport transport)
    {
        TTransport current = transport;
        while (true) {
            if (current instanceof TSaslServerTransport sasl) {
                current = sasl.getUnderlyingTransport();
            }
            else if (current instanceof Replayed replayed) {
                current = replayed.base;
            }
            else {
                return current;
            }
        }
    }

    /**
     * A transport that gives back the byte already read from it before reading on, and gathers
     * what is written until a flush. Thrift's binary protocol writes every field header and value
     * as a call of a few bytes; handed one by one to the socket's stream (a synchronized
     * {@code BufferedOutputStream} of 8 KB) they cost a lock each and a system call every 8 KB,
     * which a JFR profile showed as the largest share of a large fetch's CPU.
     */
    static final class Replayed
            extends TTransport
    {
        static final int WRITE_BUFFER_BYTES = 64 << 10;

        private final TTransport base;
        private int pending;
        private final byte[] written = new byte[WRITE_BUFFER_BYTES];
        private int writtenLength;

        Replayed(TTransport base, byte first)
        {
            this.base = requireNonNull(base, "base is null");
            this.pending = first & 0xff;
        }

        @Override
        public boolean isOpen()
        {
            return base.isOpen();
        }

        @Override
        public boolean peek()
        {
            return pending >= 0 || base.peek();
        }

        @Override
        public void open()
                throws TTransportException
        {
            if (!base.isOpen()) {
                base.open();
            }
        }

        @Override
        public void close()
        {
            base.close();
        }

        @Override
        public int read(byte[] buffer, int offset, int length)
                throws TTransportException
        {
            if (pending >= 0 && length > 0) {
                buffer[offset] = (byte) pending;
                pending = -1;
                return 1;
            }
            return base.read(buffer, offset, length);
        }

        @Override
        public void write(byte[] buffer, int offset, int length)
                throws TTransportException
        {
            if (length > written.length - writtenLength) {
                drain();
                if (length >= written.length) {
                    base.write(buffer, offset, length);
                    return;
                }
            }
            System.arraycopy(buffer, offset, written, writtenLength, length);
            writtenLength += length;
        }

        @Override
        public void flush()
                throws TTransportException
        {
            drain();
            base.flush();
        }

        private void drain()
                throws TTransportException
        {
            if (writtenLength > 0) {
                int length = writtenLength;
                writtenLength = 0;
                base.write(written, 0, length);
            }
        }

        @Override
        public TConfiguration getConfiguration()
        {
            return base.getConfiguration();
        }

        @Override
        public void updateKnownMessageSize(long size)
                throws TTransportException
        {
            base.updateKnownMessageSize(size);
        }

        @Override
        public void checkReadBytesAvailable(long numBytes)
                throws TTransportException
        {
            base.checkReadBytesAvailable(numBytes);
        }
    }
}
