package dev.sparkjobs.gateway.hs2;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlService;
import dev.sparkjobs.flight.SqlServiceException;
import java.util.HashMap;
import java.util.Optional;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.hive.service.rpc.thrift.TCLIService;
import org.apache.hive.service.rpc.thrift.TCancelDelegationTokenReq;
import org.apache.hive.service.rpc.thrift.TCancelDelegationTokenResp;
import org.apache.hive.service.rpc.thrift.TCancelOperationReq;
import org.apache.hive.service.rpc.thrift.TCancelOperationResp;
import org.apache.hive.service.rpc.thrift.TCloseOperationReq;
import org.apache.hive.service.rpc.thrift.TCloseOperationResp;
import org.apache.hive.service.rpc.thrift.TCloseSessionReq;
import org.apache.hive.service.rpc.thrift.TCloseSessionResp;
import org.apache.hive.service.rpc.thrift.TDownloadDataReq;
import org.apache.hive.service.rpc.thrift.TDownloadDataResp;
import org.apache.hive.service.rpc.thrift.TExecuteStatementReq;
import org.apache.hive.service.rpc.thrift.TExecuteStatementResp;
import org.apache.hive.service.rpc.thrift.TFetchResultsReq;
import org.apache.hive.service.rpc.thrift.TFetchResultsResp;
import org.apache.hive.service.rpc.thrift.TGetCatalogsReq;
import org.apache.hive.service.rpc.thrift.TGetCatalogsResp;
import org.apache.hive.service.rpc.thrift.TGetColumnsReq;
import org.apache.hive.service.rpc.thrift.TGetColumnsResp;
import org.apache.hive.service.rpc.thrift.TGetCrossReferenceReq;
import org.apache.hive.service.rpc.thrift.TGetCrossReferenceResp;
import org.apache.hive.service.rpc.thrift.TGetDelegationTokenReq;
import org.apache.hive.service.rpc.thrift.TGetDelegationTokenResp;
import org.apache.hive.service.rpc.thrift.TGetFunctionsReq;
import org.apache.hive.service.rpc.thrift.TGetFunctionsResp;
import org.apache.hive.service.rpc.thrift.TGetInfoReq;
import org.apache.hive.service.rpc.thrift.TGetInfoResp;
import org.apache.hive.service.rpc.thrift.TGetInfoValue;
import org.apache.hive.service.rpc.thrift.TGetOperationStatusReq;
import org.apache.hive.service.rpc.thrift.TGetOperationStatusResp;
import org.apache.hive.service.rpc.thrift.TGetPrimaryKeysReq;
import org.apache.hive.service.rpc.thrift.TGetPrimaryKeysResp;
import org.apache.hive.service.rpc.thrift.TGetQueryIdReq;
import org.apache.hive.service.rpc.thrift.TGetQueryIdResp;
import org.apache.hive.service.rpc.thrift.TGetResultSetMetadataReq;
import org.apache.hive.service.rpc.thrift.TGetResultSetMetadataResp;
import org.apache.hive.service.rpc.thrift.TGetSchemasReq;
import org.apache.hive.service.rpc.thrift.TGetSchemasResp;
import org.apache.hive.service.rpc.thrift.TGetTableTypesReq;
import org.apache.hive.service.rpc.thrift.TGetTableTypesResp;
import org.apache.hive.service.rpc.thrift.TGetTablesReq;
import org.apache.hive.service.rpc.thrift.TGetTablesResp;
import org.apache.hive.service.rpc.thrift.TGetTypeInfoReq;
import org.apache.hive.service.rpc.thrift.TGetTypeInfoResp;
import org.apache.hive.service.rpc.thrift.TOpenSessionReq;
import org.apache.hive.service.rpc.thrift.TOpenSessionResp;
import org.apache.hive.service.rpc.thrift.TOperationHandle;
import org.apache.hive.service.rpc.thrift.TOperationType;
import org.apache.hive.service.rpc.thrift.TProtocolVersion;
import org.apache.hive.service.rpc.thrift.TRenewDelegationTokenReq;
import org.apache.hive.service.rpc.thrift.TRenewDelegationTokenResp;
import org.apache.hive.service.rpc.thrift.TSessionHandle;
import org.apache.hive.service.rpc.thrift.TSetClientInfoReq;
import org.apache.hive.service.rpc.thrift.TSetClientInfoResp;
import org.apache.hive.service.rpc.thrift.TStatus;
import org.apache.hive.service.rpc.thrift.TUploadDataReq;
import org.apache.hive.service.rpc.thrift.TUploadDataResp;

/**
 * The TCLIService handlers: each translates one call into calls on the gateway's
 * {@link SqlService} through the door's sessions and operations. No exception leaves a handler:
 * every failure becomes an error {@code TStatus} carrying a SQLSTATE and a vendor code.
 */
final class Hs2Service
        implements TCLIService.Iface
{
    static final TProtocolVersion SERVER_PROTOCOL = TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V11;
    static final int DEFAULT_FETCH_SIZE = 10_000;
    /**
     * How long GetOperationStatus waits for a running operation to end before answering RUNNING:
     * it answers the moment the state changes, so a short statement costs one status call. Kept
     * short because the Hive driver sends every call of a connection over one transport, one at a
     * time: its Statement.cancel() waits for the status call in flight to return.
     */
    static final long STATUS_WAIT_MILLIS = 250;

    private final Hs2Sessions sessions;
    private final Hs2Executors executors;
    private final BufferAllocator allocator;
    private final ServerInfo info;
    private final boolean authenticationRequired;

    Hs2Service(SqlService service, Hs2Sessions sessions, Hs2Executors executors, BufferAllocator allocator, boolean authenticationRequired)
    {
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.executors = requireNonNull(executors, "executors is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.info = new ServerInfo(service.serverName(), service.serverVersion());
        this.authenticationRequired = authenticationRequired;
    }

    @FunctionalInterface
    private interface Call
    {
        void run()
                throws Exception;
    }

    private static TStatus call(Call call)
    {
        try {
            call.run();
            return Hs2Errors.ok();
        }
        catch (Exception | LinkageError | AssertionError e) {
            return failure(e);
        }
    }

    private static TStatus failure(Throwable t)
    {
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return Hs2Errors.toStatus(new SqlServiceException(SqlServiceException.QUERY_CANCELED, "the server is shutting down"));
        }
        return Hs2Errors.toStatus(t);
    }

    // ---------------------------------------------------------------- sessions

    @Override
    public TOpenSessionResp OpenSession(TOpenSessionReq request)
    {
        TProtocolVersion protocol = negotiate(request.getClient_protocol());
        TOpenSessionResp response = new TOpenSessionResp(Hs2Errors.ok(), protocol);
        response.setConfiguration(new HashMap<>());
        response.setStatus(call(() -> {
            Optional<ClientConnection> connection = ClientConnection.current();
            String user = user(request, connection);
            String address = connection.map(ClientConnection::address).orElse("unknown");
            Hs2Session session = sessions.open(user, protocol, SessionConf.options(request.getConfiguration()), address);
            connection.ifPresent(client -> client.opened(session.key()));
            response.setSessionHandle(session.toThrift());
            response.getConfiguration().put("hive.server2.thrift.resultset.default.fetch.size", Integer.toString(DEFAULT_FETCH_SIZE));
        }));
        return response;
    }

    /** The lower of the client's version and ours: the Hive 4 driver refuses versions it does not know. */
    static TProtocolVersion negotiate(TProtocolVersion client)
    {
        if (client == null) {
            return TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V1;
        }
        return client.getValue() <= SERVER_PROTOCOL.getValue() ? client : SERVER_PROTOCOL;
    }

    private String user(TOpenSessionReq request, Optional<ClientConnection> connection)
            throws SqlServiceException
    {
        Optional<String> authenticated = connection.flatMap(ClientConnection::authenticatedUser);
        if (authenticated.isPresent()) {
            return authenticated.get();
        }
        if (authenticationRequired) {
            throw new SqlServiceException(SqlServiceException.INVALID_AUTHORIZATION, "this gateway requires a user name and password: "
                    + "connect with SASL PLAIN (leave out auth=noSasl) and give user and password");
        }
        String name = request.getUsername();
        return name == null || name.isBlank() ? "anonymous" : name;
    }

    @Override
    public TCloseSessionResp CloseSession(TCloseSessionReq request)
    {
        return new TCloseSessionResp(call(() -> {
            TSessionHandle handle = request.getSessionHandle();
            sessions.closeSession(handle);
            if (handle != null) {
                ClientConnection.current().ifPresent(connection -> Handles.key(handle.getSessionId()).ifPresent(connection::closed));
            }
        }));
    }

    @Override
    public TGetInfoResp GetInfo(TGetInfoReq request)
    {
        TGetInfoResp response = new TGetInfoResp(Hs2Errors.ok(), TGetInfoValue.lenValue(0));
        response.setStatus(call(() -> response.setInfoValue(info.value(request.getInfoType(), sessions.session(request.getSessionHandle())))));
        return response;
    }

    @Override
    public TSetClientInfoResp SetClientInfo(TSetClientInfoReq request)
    {
        return new TSetClientInfoResp(call(() -> {
            Hs2Session session = sessions.session(request.getSessionHandle());
            if (request.getConfiguration() != null) {
                session.setClientInfo(request.getConfiguration());
            }
        }));
    }

    // ---------------------------------------------------------------- statements

    @Override
    public TExecuteStatementResp ExecuteStatement(TExecuteStatementReq request)
    {
        TExecuteStatementResp response = new TExecuteStatementResp();
        response.setStatus(call(() -> {
            Hs2Session session = sessions.session(request.getSessionHandle());
            if (request.getStatement() == null || request.getStatement().isBlank()) {
                throw new SqlServiceException(SqlServiceException.SYNTAX_ERROR, "the statement is empty");
            }
            ExecuteStatement statement = ExecuteStatement.prepare(session, request.getStatement(), allocator);
            try {
                sessions.add(statement);
            }
            catch (SqlServiceException e) {
                statement.close();
                throw e;
            }
            statement.start(executors.statements(), executors.timer(), request.isRunAsync(), Math.max(0, request.getQueryTimeout()));
            if (statement.state() == OperationState.ERROR) {
                // Synchronous, or refused by the executor: the error is the answer, and no handle is left behind.
                sessions.remove(statement);
                throw statement.failure().orElseGet(Hs2Errors::invalidOperation);
            }
            response.setOperationHandle(statement.toThrift());
        }));
        return response;
    }

    @Override
    public TGetOperationStatusResp GetOperationStatus(TGetOperationStatusReq request)
    {
        try {
            Operation operation = sessions.operation(request.getOperationHandle());
            if (!operation.state().isDone()) {
                operation.awaitDone(STATUS_WAIT_MILLIS);
            }
            TGetOperationStatusResp status = operation.status();
            if (request.isGetProgressUpdate()) {
                operation.progress().ifPresent(progress -> status.setProgressUpdateResponse(
                        ProgressReport.toThrift(progress, operation.state().isDone(), status.getOperationStarted())));
            }
            return status;
        }
        catch (Exception | LinkageError | AssertionError e) {
            return new TGetOperationStatusResp(failure(e));
        }
    }

    @Override
    public TCancelOperationResp CancelOperation(TCancelOperationReq request)
    {
        return new TCancelOperationResp(call(() -> sessions.operation(request.getOperationHandle()).cancel()));
    }

    @Override
    public TCloseOperationResp CloseOperation(TCloseOperationReq request)
    {
        return new TCloseOperationResp(call(() -> sessions.closeOperation(request.getOperationHandle())));
    }

    @Override
    public TGetResultSetMetadataResp GetResultSetMetadata(TGetResultSetMetadataReq request)
    {
        TGetResultSetMetadataResp response = new TGetResultSetMetadataResp();
        response.setStatus(call(() -> response.setSchema(sessions.operation(request.getOperationHandle()).resultSetMetadata())));
        return response;
    }

    @Override
    public TFetchResultsResp FetchResults(TFetchResultsReq request)
    {
        TFetchResultsResp response = new TFetchResultsResp();
        response.setStatus(call(() -> {
            Operation operation = sessions.operation(request.getOperationHandle());
            response.setResults(operation.fetch(request.getOrientation(), request.getMaxRows(), request.getFetchType(), operation.session().protocol()));
            response.setHasMoreRows(false);
        }));
        return response;
    }

    @Override
    public TGetQueryIdResp GetQueryId(TGetQueryIdReq request)
    {
        // The response has no status: an unknown handle has no query id.
        try {
            return new TGetQueryIdResp(sessions.operation(request.getOperationHandle()).id());
        }
        catch (SqlServiceException | RuntimeException e) {
            return new TGetQueryIdResp("");
        }
    }

    // ---------------------------------------------------------------- metadata

    private TOperationHandle metadata(TSessionHandle handle, Function<Hs2Session, MetadataOperation> create)
            throws SqlServiceException
    {
        Hs2Session session = sessions.session(handle);
        MetadataOperation operation = create.apply(session);
        sessions.add(operation);
        try {
            operation.run();
        }
        catch (SqlServiceException | RuntimeException e) {
            sessions.remove(operation);
            throw e;
        }
        return operation.toThrift();
    }

    @Override
    public TGetTypeInfoResp GetTypeInfo(TGetTypeInfoReq request)
    {
        TGetTypeInfoResp response = new TGetTypeInfoResp();
        response.setStatus(call(() -> response.setOperationHandle(metadata(request.getSessionHandle(), session -> new GetTypeInfo(session, allocator)))));
        return response;
    }

    @Override
    public TGetCatalogsResp GetCatalogs(TGetCatalogsReq request)
    {
        TGetCatalogsResp response = new TGetCatalogsResp();
        response.setStatus(call(() -> response.setOperationHandle(metadata(request.getSessionHandle(), session -> new GetCatalogs(session, allocator)))));
        return response;
    }

    @Override
    public TGetSchemasResp GetSchemas(TGetSchemasReq request)
    {
        TGetSchemasResp response = new TGetSchemasResp();
        response.setStatus(call(() -> response.setOperationHandle(metadata(request.getSessionHandle(),
                session -> new GetSchemas(session, allocator, request.getCatalogName(), request.getSchemaName())))));
        return response;
    }

    @Override
    public TGetTablesResp GetTables(TGetTablesReq request)
    {
        TGetTablesResp response = new TGetTablesResp();
        response.setStatus(call(() -> response.setOperationHandle(metadata(request.getSessionHandle(),
                session -> new GetTables(session, allocator, request.getCatalogName(), request.getSchemaName(), request.getTableName(), request.getTableTypes())))));
        return response;
    }

    @Override
    public TGetTableTypesResp GetTableTypes(TGetTableTypesReq request)
    {
        TGetTableTypesResp response = new TGetTableTypesResp();
        response.setStatus(call(() -> response.setOperationHandle(metadata(request.getSessionHandle(), session -> new GetTableTypes(session, allocator)))));
        return response;
    }

    @Override
    public TGetColumnsResp GetColumns(TGetColumnsReq request)
    {
        TGetColumnsResp response = new TGetColumnsResp();
        response.setStatus(call(() -> response.setOperationHandle(metadata(request.getSessionHandle(),
                session -> new GetColumns(session, allocator, request.getCatalogName(), request.getSchemaName(), request.getTableName(), request.getColumnName())))));
        return response;
    }

    @Override
    public TGetFunctionsResp GetFunctions(TGetFunctionsReq request)
    {
        TGetFunctionsResp response = new TGetFunctionsResp();
        response.setStatus(call(() -> response.setOperationHandle(metadata(request.getSessionHandle(),
                session -> new GetFunctions(session, allocator, request.getSchemaName(), request.getFunctionName())))));
        return response;
    }

    @Override
    public TGetPrimaryKeysResp GetPrimaryKeys(TGetPrimaryKeysReq request)
    {
        TGetPrimaryKeysResp response = new TGetPrimaryKeysResp();
        response.setStatus(call(() -> response.setOperationHandle(metadata(request.getSessionHandle(), session -> new GetPrimaryKeys(session, allocator)))));
        return response;
    }

    @Override
    public TGetCrossReferenceResp GetCrossReference(TGetCrossReferenceReq request)
    {
        TGetCrossReferenceResp response = new TGetCrossReferenceResp();
        response.setStatus(call(() -> response.setOperationHandle(metadata(request.getSessionHandle(), session -> new GetCrossReference(session, allocator)))));
        return response;
    }

    // ---------------------------------------------------------------- not served

    private static TStatus unsupported(String what)
    {
        return Hs2Errors.toStatus(Hs2Errors.unsupported(what));
    }

    private static TOperationHandle noOperation()
    {
        return new TOperationHandle(Handles.create().toThrift(), TOperationType.UNKNOWN, false);
    }

    @Override
    public TGetDelegationTokenResp GetDelegationToken(TGetDelegationTokenReq request)
    {
        return new TGetDelegationTokenResp(unsupported("GetDelegationToken (Kerberos delegation tokens)"));
    }

    @Override
    public TCancelDelegationTokenResp CancelDelegationToken(TCancelDelegationTokenReq request)
    {
        return new TCancelDelegationTokenResp(unsupported("CancelDelegationToken (Kerberos delegation tokens)"));
    }

    @Override
    public TRenewDelegationTokenResp RenewDelegationToken(TRenewDelegationTokenReq request)
    {
        return new TRenewDelegationTokenResp(unsupported("RenewDelegationToken (Kerberos delegation tokens)"));
    }

    @Override
    public TUploadDataResp UploadData(TUploadDataReq request)
    {
        return new TUploadDataResp(unsupported("UploadData"), noOperation());
    }

    @Override
    public TDownloadDataResp DownloadData(TDownloadDataReq request)
    {
        return new TDownloadDataResp(unsupported("DownloadData"), noOperation());
    }
}
