package dev.sparkjobs.gateway.hs2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.apache.hive.service.rpc.thrift.TCLIService;
import org.apache.hive.service.rpc.thrift.TCloseSessionReq;
import org.apache.hive.service.rpc.thrift.TColumn;
import org.apache.hive.service.rpc.thrift.TExecuteStatementReq;
import org.apache.hive.service.rpc.thrift.TExecuteStatementResp;
import org.apache.hive.service.rpc.thrift.TFetchOrientation;
import org.apache.hive.service.rpc.thrift.TFetchResultsReq;
import org.apache.hive.service.rpc.thrift.TFetchResultsResp;
import org.apache.hive.service.rpc.thrift.TGetOperationStatusReq;
import org.apache.hive.service.rpc.thrift.TGetOperationStatusResp;
import org.apache.hive.service.rpc.thrift.TOpenSessionReq;
import org.apache.hive.service.rpc.thrift.TOpenSessionResp;
import org.apache.hive.service.rpc.thrift.TOperationHandle;
import org.apache.hive.service.rpc.thrift.TOperationState;
import org.apache.hive.service.rpc.thrift.TProtocolVersion;
import org.apache.hive.service.rpc.thrift.TRowSet;
import org.apache.hive.service.rpc.thrift.TSessionHandle;
import org.apache.hive.service.rpc.thrift.TStatusCode;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSaslClientTransport;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;

/**
 * A bare TCLIService client over the generated Thrift classes, for what the Hive driver does not
 * let a test choose: the protocol version, synchronous execution, fetch orientations, the log.
 */
final class ThriftClient
        implements AutoCloseable
{
    private final TSocket socket;
    private final TTransport transport;
    private final AtomicLong bytesRead = new AtomicLong();
    final TCLIService.Client client;

    private ThriftClient(TSocket socket, TTransport transport)
    {
        this.socket = socket;
        this.transport = transport;
        this.client = new TCLIService.Client(new TBinaryProtocol(new Counting(transport, bytesRead)));
    }

    static ThriftClient noSasl(int port)
            throws TTransportException
    {
        TSocket socket = socket(port);
        socket.open();
        return new ThriftClient(socket, socket);
    }

    static ThriftClient plain(int port, String user, String password)
            throws TTransportException
    {
        TSocket socket = socket(port);
        try {
            TSaslClientTransport sasl = new TSaslClientTransport("PLAIN", null, null, null, Map.of(), callbacks -> answer(callbacks, user, password), socket);
            sasl.open();
            return new ThriftClient(socket, sasl);
        }
        catch (javax.security.sasl.SaslException e) {
            throw new TTransportException(e);
        }
    }

    private static TSocket socket(int port)
            throws TTransportException
    {
        TConfiguration configuration = TConfiguration.custom().setMaxMessageSize(200 << 20).build();
        return new TSocket(configuration, "127.0.0.1", port, 60_000);
    }

    private static void answer(Callback[] callbacks, String user, String password)
            throws UnsupportedCallbackException
    {
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                name.setName(user);
            }
            else if (callback instanceof PasswordCallback secret) {
                secret.setPassword(password.toCharArray());
            }
            else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }

    long bytesRead()
    {
        return bytesRead.get();
    }

    TOpenSessionResp open(TProtocolVersion protocol, Map<String, String> configuration)
            throws TException
    {
        TOpenSessionReq request = new TOpenSessionReq(protocol);
        request.setConfiguration(configuration);
        return client.OpenSession(request);
    }

    TSessionHandle session(TProtocolVersion protocol)
            throws TException
    {
        TOpenSessionResp response = open(protocol, Map.of());
        if (response.getStatus().getStatusCode() != TStatusCode.SUCCESS_STATUS) {
            throw new IllegalStateException(response.getStatus().getErrorMessage());
        }
        return response.getSessionHandle();
    }

    TExecuteStatementResp execute(TSessionHandle session, String sql, boolean async)
            throws TException
    {
        TExecuteStatementReq request = new TExecuteStatementReq(session, sql);
        request.setRunAsync(async);
        return client.ExecuteStatement(request);
    }

    TOperationHandle run(TSessionHandle session, String sql)
            throws TException
    {
        TExecuteStatementResp response = execute(session, sql, false);
        if (response.getStatus().getStatusCode() != TStatusCode.SUCCESS_STATUS) {
            throw new IllegalStateException(response.getStatus().getErrorMessage());
        }
        return response.getOperationHandle();
    }

    TGetOperationStatusResp awaitDone(TOperationHandle operation)
            throws TException
    {
        while (true) {
            TGetOperationStatusResp status = client.GetOperationStatus(new TGetOperationStatusReq(operation));
            TOperationState state = status.getOperationState();
            if (state != TOperationState.PENDING_STATE && state != TOperationState.RUNNING_STATE && state != TOperationState.INITIALIZED_STATE) {
                return status;
            }
        }
    }

    TFetchResultsResp fetch(TOperationHandle operation, TFetchOrientation orientation, long maxRows)
            throws TException
    {
        return client.FetchResults(new TFetchResultsReq(operation, orientation, maxRows));
    }

    /** Rows in a columnar row set: the size of its first column. */
    static int rows(TRowSet rowSet)
    {
        if (!rowSet.isSetColumns() || rowSet.getColumns().isEmpty()) {
            return rowSet.getRowsSize();
        }
        TColumn column = rowSet.getColumns().get(0);
        return switch (column.getSetField()) {
            case BOOL_VAL -> column.getBoolVal().getValuesSize();
            case BYTE_VAL -> column.getByteVal().getValuesSize();
            case I16_VAL -> column.getI16Val().getValuesSize();
            case I32_VAL -> column.getI32Val().getValuesSize();
            case I64_VAL -> column.getI64Val().getValuesSize();
            case DOUBLE_VAL -> column.getDoubleVal().getValuesSize();
            case STRING_VAL -> column.getStringVal().getValuesSize();
            case BINARY_VAL -> column.getBinaryVal().getValuesSize();
        };
    }

    /** The first column of a columnar row set, as longs. */
    static List<Long> longs(TRowSet rowSet)
    {
        return new ArrayList<>(rowSet.getColumns().get(0).getI64Val().getValues());
    }

    void closeSession(TSessionHandle session)
            throws TException
    {
        client.CloseSession(new TCloseSessionReq(session));
    }

    /** Drops the connection without a word, as a client that crashed. */
    void vanish()
    {
        socket.close();
    }

    @Override
    public void close()
    {
        transport.close();
    }

    /** Counts the bytes the client reads, for throughput in MB/s. */
    private static final class Counting
            extends TTransport
    {
        private final TTransport delegate;
        private final AtomicLong read;

        Counting(TTransport delegate, AtomicLong read)
        {
            this.delegate = delegate;
            this.read = read;
        }

        @Override
        public boolean isOpen()
        {
            return delegate.isOpen();
        }

        @Override
        public void open()
                throws TTransportException
        {
            delegate.open();
        }

        @Override
        public void close()
        {
            delegate.close();
        }

        @Override
        public int read(byte[] buffer, int offset, int length)
                throws TTransportException
        {
            int n = delegate.read(buffer, offset, length);
            read.addAndGet(Math.max(0, n));
            return n;
        }

        @Override
        public void write(byte[] buffer, int offset, int length)
                throws TTransportException
        {
            delegate.write(buffer, offset, length);
        }

        @Override
        public void flush()
                throws TTransportException
        {
            delegate.flush();
        }

        @Override
        public TConfiguration getConfiguration()
        {
            return delegate.getConfiguration();
        }

        @Override
        public void updateKnownMessageSize(long size)
                throws TTransportException
        {
            delegate.updateKnownMessageSize(size);
        }

        @Override
        public void checkReadBytesAvailable(long numBytes)
                throws TTransportException
        {
            delegate.checkReadBytesAvailable(numBytes);
        }
    }
}
