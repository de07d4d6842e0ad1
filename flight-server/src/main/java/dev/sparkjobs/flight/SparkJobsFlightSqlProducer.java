package dev.sparkjobs.flight;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.CloseSessionResult;
import org.apache.arrow.flight.FlightConstants;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.GetSessionOptionsRequest;
import org.apache.arrow.flight.GetSessionOptionsResult;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.SessionOptionValue;
import org.apache.arrow.flight.SessionOptionValueFactory;
import org.apache.arrow.flight.SessionOptionValueVisitor;
import org.apache.arrow.flight.SetSessionOptionsRequest;
import org.apache.arrow.flight.SetSessionOptionsResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.CancelResult;
import org.apache.arrow.flight.sql.FlightSqlProducer;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionClosePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetCatalogs;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetCrossReference;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetExportedKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetImportedKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetPrimaryKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetSqlInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTableTypes;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetXdbcTypeInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.DoPutUpdateResult;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flight SQL producer: translates the Flight SQL protocol into calls on a {@link SqlService}.
 * It runs unchanged in the gateway and in each remote engine. No exception leaves a handler:
 * every failure becomes a Flight status carrying a SQLSTATE.
 */
public final class SparkJobsFlightSqlProducer
        implements FlightSqlProducer
{
    private static final Logger log = LoggerFactory.getLogger(SparkJobsFlightSqlProducer.class);
    private static final int MAX_OPEN_STATEMENTS = 10_000;

    private final SqlService service;
    private final BufferAllocator allocator;
    private final Options options;
    private final Sessions sessions;
    private final SqlInfoBuilder sqlInfo;
    private final Map<String, OpenStatement> statements = new ConcurrentHashMap<>();
    private final AtomicLong operationCounter = new AtomicLong();
    // Streams run off the gRPC thread: gRPC delivers a call's readiness callbacks on that thread,
    // so a stream that waits for backpressure there would wait forever.
    private final ExecutorService streamExecutor = Executors.newCachedThreadPool(new ThreadFactory()
    {
        private final AtomicLong count = new AtomicLong();

        @Override
        public Thread newThread(Runnable runnable)
        {
            Thread thread = new Thread(runnable, "flight-stream-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });

    /**
     * A statement a client can fetch or execute: one-shot for ad-hoc queries, reusable when prepared.
     * A one-shot statement stays registered until its stream ends, so that a cancel request that
     * names its ticket finds it while it runs.
     */
    private static final class OpenStatement
    {
        final SqlSession session;
        final PreparedSql prepared;
        volatile boolean oneShot;
        // Set when a gateway handed the statement to a client: closed unfetched after this.
        volatile long fetchDeadlineNanos = Long.MAX_VALUE;
        final Map<String, Boolean> running = new ConcurrentHashMap<>();
        final AtomicBoolean fetched = new AtomicBoolean();
        volatile boolean cancelled;
        volatile long lastUsedNanos = System.nanoTime();
        // A result started for a client's coming fetch (EngineProtocol.ACTION_START).
        final AtomicReference<StartedResult> started = new AtomicReference<>();

        OpenStatement(SqlSession session, PreparedSql prepared, boolean oneShot)
        {
            this.session = session;
            this.prepared = prepared;
            this.oneShot = oneShot;
        }

        void cancel()
        {
            if (oneShot) {
                // Cancelled before its stream started, it must not start later.
                cancelled = true;
            }
            running.keySet().forEach(session::cancel);
        }
    }

    /**
     * What a producer does beyond plain Flight SQL.
     *
     * @param signedTickets on a remote engine: verifies the signed tickets clients redeem here
     *        (callers identified as {@link EngineProtocol#TICKET_HOLDER} may do nothing else)
     * @param directResults on the gateway: answer queries with the engine's own location and a
     *        signed ticket when the engine can give one, so clients fetch straight from it;
     *        otherwise the gateway relays the result
     * @param directTicketLifetime how long a client may take to start fetching a direct result
     */
    public record Options(Optional<SignedTickets> signedTickets, boolean directResults, Duration directTicketLifetime)
    {
        public static final Options DEFAULT = new Options(Optional.empty(), false, Duration.ofMinutes(5));

        public Options
        {
            requireNonNull(signedTickets, "signedTickets is null");
            requireNonNull(directTicketLifetime, "directTicketLifetime is null");
        }
    }

    /**
     * The session option a client sets to {@code false} to have its results relayed by the gateway
     * even where the gateway gives direct results (a client that cannot reach the engines, or one
     * that compares the two); {@code true} is refused where the gateway relays every result.
     */
    public static final String DIRECT_RESULTS_OPTION = "direct_results";

    /** Sessions that asked for relayed results; weakly held, so a session that expires leaves nothing here. */
    private final Map<SqlSession, Boolean> relayedSessions = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * Direct results handed to clients (the signed ticket's bytes), until their tickets expire, so
     * that a {@code CancelFlightInfo} with the engine's endpoint, or a fetch of its ticket, sent
     * here reaches the work there: cancelled, or relayed ({@link #relayDirect}).
     */
    private final Map<ByteBuffer, HandedOut> handedOut = new ConcurrentHashMap<>();

    private record HandedOut(PreparedSql prepared, SqlSession session, long expiresNanos) {}

    /** How often a started result's wait for its first batch checks that its caller is still there. */
    private static final long CALLER_CHECK_MILLIS = 100;

    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "flight-statement-sweeper");
        thread.setDaemon(true);
        return thread;
    });

    public SparkJobsFlightSqlProducer(SqlService service, BufferAllocator allocator, Duration sessionIdleTimeout)
    {
        this(service, allocator, sessionIdleTimeout, Options.DEFAULT);
    }

    public SparkJobsFlightSqlProducer(SqlService service, BufferAllocator allocator, Duration sessionIdleTimeout, Options options)
    {
        this.service = requireNonNull(service, "service is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.options = requireNonNull(options, "options is null");
        this.sessions = new Sessions(service, sessionIdleTimeout);
        this.sqlInfo = SqlInfos.build(service.serverName(), service.serverVersion());
        if (options.signedTickets().isPresent()) {
            sweeper.scheduleWithFixedDelay(this::closeUnfetched, 10, 10, TimeUnit.SECONDS);
        }
        if (options.directResults()) {
            sweeper.scheduleWithFixedDelay(this::forgetExpiredDirectResults, 10, 10, TimeUnit.SECONDS);
        }
    }

    public int openSessions()
    {
        return sessions.size();
    }

    // ---------------------------------------------------------------- sessions

    private SqlSession session(CallContext context)
    {
        refuseTicketHolder(context);
        String user = context.peerIdentity();
        if (user == null || user.isEmpty()) {
            user = BearerTokenAuthenticator.ANONYMOUS;
        }
        try {
            return sessions.sessionFor(context.getMiddleware(SessionCookieMiddleware.KEY), user);
        }
        catch (SqlServiceException e) {
            throw Errors.toFlight(e);
        }
    }

    @Override
    public void setSessionOptions(SetSessionOptionsRequest request, CallContext context, StreamListener<SetSessionOptionsResult> listener)
    {
        try {
            SqlSession session = session(context);
            Map<String, SetSessionOptionsResult.Error> errors = new HashMap<>();
            request.getSessionOptions().forEach((key, value) -> {
                try {
                    if (key.equalsIgnoreCase(DIRECT_RESULTS_OPTION)) {
                        setDirectResults(session, asString(value));
                    }
                    else {
                        session.setOption(key, asString(value));
                    }
                }
                catch (SqlServiceException | RuntimeException e) {
                    log.debug("Session option {} refused", key, e);
                    errors.put(key, new SetSessionOptionsResult.Error(SetSessionOptionsResult.ErrorValue.INVALID_VALUE));
                }
            });
            listener.onNext(new SetSessionOptionsResult(errors));
            listener.onCompleted();
        }
        catch (Throwable t) {
            listener.onError(Errors.toFlight(t));
        }
    }

    @Override
    public void getSessionOptions(GetSessionOptionsRequest request, CallContext context, StreamListener<GetSessionOptionsResult> listener)
    {
        try {
            SqlSession session = session(context);
            Map<String, SessionOptionValue> options = new HashMap<>();
            for (String key : List.of("catalog", "schema")) {
                session.option(key).ifPresent(value -> options.put(key, SessionOptionValueFactory.makeSessionOptionValue(value)));
            }
            options.put(DIRECT_RESULTS_OPTION, SessionOptionValueFactory.makeSessionOptionValue(directResults(session)));
            listener.onNext(new GetSessionOptionsResult(options));
            listener.onCompleted();
        }
        catch (Throwable t) {
            listener.onError(Errors.toFlight(t));
        }
    }

    @Override
    public void closeSession(CloseSessionRequest request, CallContext context, StreamListener<CloseSessionResult> listener)
    {
        try {
            sessions.close(context.getMiddleware(SessionCookieMiddleware.KEY));
            listener.onNext(new CloseSessionResult(CloseSessionResult.Status.CLOSED));
            listener.onCompleted();
        }
        catch (Throwable t) {
            listener.onError(Errors.toFlight(t));
        }
    }

    private void setDirectResults(SqlSession session, String value)
    {
        String normalized = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        if (normalized.equals("false")) {
            relayedSessions.put(session, Boolean.TRUE);
        }
        else if (normalized.equals("true") && options.directResults()) {
            relayedSessions.remove(session);
        }
        else {
            throw new IllegalArgumentException(DIRECT_RESULTS_OPTION + " must be true or false, and true only where the gateway gives direct results, not '" + value + "'");
        }
    }

    /** Whether this session's results may come straight from the engine. */
    private boolean directResults(SqlSession session)
    {
        return options.directResults() && !relayedSessions.containsKey(session);
    }

    private static String asString(SessionOptionValue value)
    {
        return value.acceptVisitor(new SessionOptionValueVisitor<String>()
        {
            @Override
            public String visit(String v)
            {
                return v;
            }

            @Override
            public String visit(boolean v)
            {
                return Boolean.toString(v);
            }

            @Override
            public String visit(long v)
            {
                return Long.toString(v);
            }

            @Override
            public String visit(double v)
            {
                return Double.toString(v);
            }

            @Override
            public String visit(String[] v)
            {
                return String.join(",", v);
            }

            @Override
            public String visit(Void ignored)
            {
                return null;
            }
        });
    }

    // ---------------------------------------------------------------- statements

    @Override
    public FlightInfo getFlightInfoStatement(CommandStatementQuery command, CallContext context, FlightDescriptor descriptor)
    {
        SqlSession session = session(context);
        PreparedSql prepared = prepare(session, command.getQuery());
        Optional<FlightEndpoint> direct;
        try {
            direct = directEndpoint(session, prepared, true);
        }
        catch (RuntimeException e) {
            prepared.close();
            throw e;
        }
        if (direct.isPresent()) {
            // The engine owns the statement now: it closes it after the client's fetch.
            return new FlightInfo(prepared.schema(), descriptor, List.of(direct.get()), -1, -1);
        }
        String handle = register(new OpenStatement(session, prepared, true));
        TicketStatementQuery ticket = TicketStatementQuery.newBuilder()
                .setStatementHandle(ByteString.copyFrom(handle, StandardCharsets.UTF_8))
                .build();
        return flightInfo(prepared.schema(), descriptor, ticket);
    }

    @Override
    public SchemaResult getSchemaStatement(CommandStatementQuery command, CallContext context, FlightDescriptor descriptor)
    {
        try (PreparedSql prepared = prepare(session(context), command.getQuery())) {
            return new SchemaResult(prepared.schema());
        }
    }

    @Override
    public void getStreamStatement(TicketStatementQuery ticket, CallContext context, ServerStreamListener listener)
    {
        String handle = ticket.getStatementHandle().toStringUtf8();
        OpenStatement statement = statements.get(handle);
        if (statement == null) {
            listener.error(CallStatus.NOT_FOUND.withDescription("[SQLSTATE 26000] unknown or expired statement handle").toRuntimeException());
            return;
        }
        if (statement.oneShot && !statement.fetched.compareAndSet(false, true)) {
            listener.error(CallStatus.NOT_FOUND.withDescription("[SQLSTATE 26000] the statement's result was already fetched").toRuntimeException());
            return;
        }
        streamAsync(handle, statement, operationId(context), listener);
    }

    @Override
    public Runnable acceptPutStatement(CommandStatementUpdate command, CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream)
    {
        return () -> {
            try {
                SqlSession session = session(context);
                try (PreparedSql prepared = prepare(session, command.getQuery())) {
                    long count = executeUpdate(new OpenStatement(session, prepared, true), operationId(context));
                    sendUpdateCount(ackStream, count);
                }
            }
            catch (Throwable t) {
                ackStream.onError(Errors.toFlight(t));
            }
        };
    }

    // ---------------------------------------------------------------- prepared statements

    @Override
    public void createPreparedStatement(ActionCreatePreparedStatementRequest request, CallContext context, StreamListener<Result> listener)
    {
        try {
            SqlSession session = session(context);
            PreparedSql prepared = prepare(session, request.getQuery());
            String handle = register(new OpenStatement(session, prepared, false));
            ActionCreatePreparedStatementResult result = ActionCreatePreparedStatementResult.newBuilder()
                    .setPreparedStatementHandle(ByteString.copyFrom(handle, StandardCharsets.UTF_8))
                    .setDatasetSchema(ByteString.copyFrom(prepared.schema().serializeAsMessage()))
                    .setParameterSchema(ByteString.copyFrom(new Schema(List.of()).serializeAsMessage()))
                    .build();
            listener.onNext(new Result(Any.pack(result).toByteArray()));
            listener.onCompleted();
        }
        catch (Throwable t) {
            listener.onError(Errors.toFlight(t));
        }
    }

    @Override
    public void closePreparedStatement(ActionClosePreparedStatementRequest request, CallContext context, StreamListener<Result> listener)
    {
        OpenStatement statement = statements.remove(request.getPreparedStatementHandle().toStringUtf8());
        if (statement != null) {
            statement.cancel();
            dropStarted(statement, statement.started.getAndSet(null));
            statement.prepared.close();
        }
        listener.onCompleted();
    }

    @Override
    public FlightInfo getFlightInfoPreparedStatement(CommandPreparedStatementQuery command, CallContext context, FlightDescriptor descriptor)
    {
        OpenStatement statement = preparedStatement(command.getPreparedStatementHandle());
        Optional<FlightEndpoint> direct = directEndpoint(statement.session, statement.prepared, false);
        if (direct.isPresent()) {
            return new FlightInfo(statement.prepared.schema(), descriptor, List.of(direct.get()), -1, -1);
        }
        return flightInfo(statement.prepared.schema(), descriptor, command);
    }

    @Override
    public SchemaResult getSchemaPreparedStatement(CommandPreparedStatementQuery command, CallContext context, FlightDescriptor descriptor)
    {
        return new SchemaResult(preparedStatement(command.getPreparedStatementHandle()).prepared.schema());
    }

    @Override
    public void getStreamPreparedStatement(CommandPreparedStatementQuery command, CallContext context, ServerStreamListener listener)
    {
        OpenStatement statement;
        try {
            statement = preparedStatement(command.getPreparedStatementHandle());
        }
        catch (RuntimeException e) {
            listener.error(Errors.toFlight(e));
            return;
        }
        streamAsync(command.getPreparedStatementHandle().toStringUtf8(), statement, operationId(context), listener);
    }

    @Override
    public Runnable acceptPutPreparedStatementUpdate(CommandPreparedStatementUpdate command, CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream)
    {
        return () -> {
            try {
                OpenStatement statement = preparedStatement(command.getPreparedStatementHandle());
                rejectParameters(flightStream);
                sendUpdateCount(ackStream, executeUpdate(statement, operationId(context)));
            }
            catch (Throwable t) {
                ackStream.onError(Errors.toFlight(t));
            }
        };
    }

    @Override
    public Runnable acceptPutPreparedStatementQuery(CommandPreparedStatementQuery command, CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream)
    {
        return () -> {
            try {
                preparedStatement(command.getPreparedStatementHandle());
                rejectParameters(flightStream);
                ackStream.onCompleted();
            }
            catch (Throwable t) {
                ackStream.onError(Errors.toFlight(t));
            }
        };
    }

    private static void rejectParameters(FlightStream parameters)
            throws SqlServiceException
    {
        while (parameters.next()) {
            if (parameters.getRoot().getRowCount() > 0 && !parameters.getRoot().getSchema().getFields().isEmpty()) {
                throw new SqlServiceException(SqlServiceException.FEATURE_NOT_SUPPORTED, "statement parameters are not supported yet: inline the values in the SQL text");
            }
        }
    }

    private OpenStatement preparedStatement(ByteString handle)
    {
        OpenStatement statement = statements.get(handle.toStringUtf8());
        if (statement == null) {
            throw CallStatus.NOT_FOUND.withDescription("[SQLSTATE 26000] unknown or closed prepared statement").toRuntimeException();
        }
        statement.lastUsedNanos = System.nanoTime();
        return statement;
    }

    // ---------------------------------------------------------------- bulk ingest

    @Override
    public Runnable acceptPutStatementBulkIngest(CommandStatementIngest command, CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream)
    {
        return () -> {
            try {
                SqlSession session = session(context);
                CommandStatementIngest.TableDefinitionOptions options = command.getTableDefinitionOptions();
                CatalogObjects.IngestRequest request = new CatalogObjects.IngestRequest(
                        command.hasCatalog() ? Optional.of(command.getCatalog()) : Optional.empty(),
                        command.hasSchema() ? Optional.of(command.getSchema()) : Optional.empty(),
                        command.getTable(),
                        command.getTemporary(),
                        switch (options.getIfExists()) {
                            case TABLE_EXISTS_OPTION_APPEND -> CatalogObjects.IfExists.APPEND;
                            case TABLE_EXISTS_OPTION_REPLACE -> CatalogObjects.IfExists.REPLACE;
                            default -> CatalogObjects.IfExists.FAIL;
                        },
                        options.getIfNotExist() == CommandStatementIngest.TableDefinitionOptions.TableNotExistOption.TABLE_NOT_EXIST_OPTION_FAIL
                                ? CatalogObjects.IfNotExists.FAIL
                                : CatalogObjects.IfNotExists.CREATE,
                        command.getOptionsMap());
                long rows = session.ingest(request, new BatchSource()
                {
                    @Override
                    public Schema schema()
                    {
                        return flightStream.getSchema();
                    }

                    @Override
                    public ArrowRecordBatch next()
                    {
                        if (!flightStream.next()) {
                            return null;
                        }
                        return new VectorUnloader(flightStream.getRoot()).getRecordBatch();
                    }
                });
                sendUpdateCount(ackStream, rows);
            }
            catch (Throwable t) {
                ackStream.onError(Errors.toFlight(t));
            }
        };
    }

    // ---------------------------------------------------------------- cancel

    @Override
    public void cancelFlightInfo(CancelFlightInfoRequest request, CallContext context, StreamListener<CancelStatus> listener)
    {
        boolean found = cancelEndpoints(request.getInfo());
        listener.onNext(found ? CancelStatus.CANCELLED : CancelStatus.NOT_CANCELLABLE);
        listener.onCompleted();
    }

    @Override
    @SuppressWarnings("deprecation")
    public void cancelQuery(FlightInfo info, CallContext context, StreamListener<CancelResult> listener)
    {
        boolean found = cancelEndpoints(info);
        listener.onNext(found ? CancelResult.CANCELLED : CancelResult.NOT_CANCELLABLE);
        listener.onCompleted();
    }

    private boolean cancelEndpoints(FlightInfo info)
    {
        boolean found = false;
        for (FlightEndpoint endpoint : info.getEndpoints()) {
            Optional<String> handle = handleOf(endpoint.getTicket());
            if (handle.isPresent()) {
                OpenStatement statement = statements.get(handle.get());
                if (statement != null) {
                    statement.cancel();
                    found = true;
                }
                continue;
            }
            // A direct result: the work runs on the engine the endpoint names.
            HandedOut direct = handedOut.remove(ByteBuffer.wrap(endpoint.getTicket().getBytes()));
            if (direct != null) {
                try {
                    found |= direct.prepared().cancelDirect(endpoint.getTicket());
                }
                catch (SqlServiceException | RuntimeException e) {
                    log.info("Cancelling a direct result at its engine failed: {}", e.getMessage());
                }
            }
        }
        return found;
    }

    /**
     * On the gateway: streams a direct result it handed out, fetched from its engine, to a client
     * that came here with the signed ticket (the endpoint's second location) instead of going to
     * the engine. The engine serves the result once, to whoever comes first.
     */
    private void relayDirect(Ticket ticket, String operationId, ServerStreamListener listener)
    {
        HandedOut direct = handedOut.remove(ByteBuffer.wrap(ticket.getBytes()));
        if (direct == null || direct.expiresNanos() - System.nanoTime() < 0) {
            listener.error(CallStatus.NOT_FOUND.withDescription("[SQLSTATE 26000] no such result here: the ticket was not handed out by this "
                    + "gateway, or its result was already fetched, cancelled or has expired").toRuntimeException());
            return;
        }
        try {
            streamExecutor.execute(() -> {
                try {
                    new BatchStreamer(allocator, listener, () -> direct.session().cancel(operationId))
                            .run(() -> direct.prepared().fetchDirect(ticket, operationId, allocator));
                }
                catch (Throwable t) {
                    listener.error(Errors.toFlight(t));
                }
            });
        }
        catch (RejectedExecutionException e) {
            listener.error(CallStatus.UNAVAILABLE.withDescription("[SQLSTATE 57P01] the server is shutting down").toRuntimeException());
        }
    }

    /** Forgets direct results whose tickets have expired: nobody can fetch them any more. */
    private void forgetExpiredDirectResults()
    {
        long now = System.nanoTime();
        handedOut.values().removeIf(direct -> direct.expiresNanos() - now < 0);
    }

    private static Optional<String> handleOf(Ticket ticket)
    {
        try {
            Any any = Any.parseFrom(ticket.getBytes());
            if (any.is(TicketStatementQuery.class)) {
                return Optional.of(any.unpack(TicketStatementQuery.class).getStatementHandle().toStringUtf8());
            }
            if (any.is(CommandPreparedStatementQuery.class)) {
                return Optional.of(any.unpack(CommandPreparedStatementQuery.class).getPreparedStatementHandle().toStringUtf8());
            }
        }
        catch (InvalidProtocolBufferException e) {
            log.debug("Not a Flight SQL ticket", e);
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- metadata

    @Override
    public FlightInfo getFlightInfoSqlInfo(CommandGetSqlInfo request, CallContext context, FlightDescriptor descriptor)
    {
        return flightInfo(Schemas.GET_SQL_INFO_SCHEMA, descriptor, request);
    }

    @Override
    public void getStreamSqlInfo(CommandGetSqlInfo command, CallContext context, ServerStreamListener listener)
    {
        sqlInfo.send(command.getInfoList(), listener);
    }

    @Override
    public FlightInfo getFlightInfoTypeInfo(CommandGetXdbcTypeInfo request, CallContext context, FlightDescriptor descriptor)
    {
        return flightInfo(Schemas.GET_TYPE_INFO_SCHEMA, descriptor, request);
    }

    @Override
    public void getStreamTypeInfo(CommandGetXdbcTypeInfo request, CallContext context, ServerStreamListener listener)
    {
        sendRows(Schemas.GET_TYPE_INFO_SCHEMA, listener, () -> TypeInfo.rows(request.hasDataType() ? request.getDataType() : null));
    }

    @Override
    public FlightInfo getFlightInfoCatalogs(CommandGetCatalogs request, CallContext context, FlightDescriptor descriptor)
    {
        return flightInfo(Schemas.GET_CATALOGS_SCHEMA, descriptor, request);
    }

    @Override
    public void getStreamCatalogs(CallContext context, ServerStreamListener listener)
    {
        sendRows(Schemas.GET_CATALOGS_SCHEMA, listener, () -> {
            List<Object[]> rows = new ArrayList<>();
            for (String catalog : session(context).catalogs()) {
                rows.add(new Object[] {catalog});
            }
            return rows;
        });
    }

    @Override
    public FlightInfo getFlightInfoSchemas(CommandGetDbSchemas request, CallContext context, FlightDescriptor descriptor)
    {
        return flightInfo(Schemas.GET_SCHEMAS_SCHEMA, descriptor, request);
    }

    @Override
    public void getStreamSchemas(CommandGetDbSchemas command, CallContext context, ServerStreamListener listener)
    {
        sendRows(Schemas.GET_SCHEMAS_SCHEMA, listener, () -> {
            List<Object[]> rows = new ArrayList<>();
            Optional<String> catalog = command.hasCatalog() ? Optional.of(command.getCatalog()) : Optional.empty();
            Optional<String> pattern = command.hasDbSchemaFilterPattern() ? Optional.of(command.getDbSchemaFilterPattern()) : Optional.empty();
            for (CatalogObjects.SchemaEntry schema : session(context).schemas(catalog, pattern)) {
                rows.add(new Object[] {schema.catalog(), schema.schema()});
            }
            return rows;
        });
    }

    @Override
    public FlightInfo getFlightInfoTables(CommandGetTables request, CallContext context, FlightDescriptor descriptor)
    {
        return flightInfo(request.getIncludeSchema() ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA, descriptor, request);
    }

    @Override
    public void getStreamTables(CommandGetTables command, CallContext context, ServerStreamListener listener)
    {
        Schema schema = command.getIncludeSchema() ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA;
        sendRows(schema, listener, () -> {
            CatalogObjects.TableFilter filter = new CatalogObjects.TableFilter(
                    command.hasCatalog() ? Optional.of(command.getCatalog()) : Optional.empty(),
                    command.hasDbSchemaFilterPattern() ? Optional.of(command.getDbSchemaFilterPattern()) : Optional.empty(),
                    command.hasTableNameFilterPattern() ? Optional.of(command.getTableNameFilterPattern()) : Optional.empty(),
                    command.getTableTypesList(),
                    command.getIncludeSchema());
            List<Object[]> rows = new ArrayList<>();
            for (CatalogObjects.TableEntry table : session(context).tables(filter)) {
                if (command.getIncludeSchema()) {
                    byte[] columns = table.columns().orElse(new Schema(List.of())).serializeAsMessage();
                    rows.add(new Object[] {table.catalog(), table.schema(), table.name(), table.type(), columns});
                }
                else {
                    rows.add(new Object[] {table.catalog(), table.schema(), table.name(), table.type()});
                }
            }
            return rows;
        });
    }

    @Override
    public FlightInfo getFlightInfoTableTypes(CommandGetTableTypes request, CallContext context, FlightDescriptor descriptor)
    {
        return flightInfo(Schemas.GET_TABLE_TYPES_SCHEMA, descriptor, request);
    }

    @Override
    public void getStreamTableTypes(CallContext context, ServerStreamListener listener)
    {
        sendRows(Schemas.GET_TABLE_TYPES_SCHEMA, listener, () -> {
            List<Object[]> rows = new ArrayList<>();
            for (String type : session(context).tableTypes()) {
                rows.add(new Object[] {type});
            }
            return rows;
        });
    }

    // Spark tables declare no keys: these answer empty, never an error (BI tools ask for every table).

    @Override
    public FlightInfo getFlightInfoPrimaryKeys(CommandGetPrimaryKeys request, CallContext context, FlightDescriptor descriptor)
    {
        return flightInfo(Schemas.GET_PRIMARY_KEYS_SCHEMA, descriptor, request);
    }

    @Override
    public void getStreamPrimaryKeys(CommandGetPrimaryKeys command, CallContext context, ServerStreamListener listener)
    {
        sendRows(Schemas.GET_PRIMARY_KEYS_SCHEMA, listener, List::of);
    }

    @Override
    public FlightInfo getFlightInfoExportedKeys(CommandGetExportedKeys request, CallContext context, FlightDescriptor descriptor)
    {
        return flightInfo(Schemas.GET_EXPORTED_KEYS_SCHEMA, descriptor, request);
    }

    @Override
    public FlightInfo getFlightInfoImportedKeys(CommandGetImportedKeys request, CallContext context, FlightDescriptor descriptor)
    {
        return flightInfo(Schemas.GET_IMPORTED_KEYS_SCHEMA, descriptor, request);
    }

    @Override
    public FlightInfo getFlightInfoCrossReference(CommandGetCrossReference request, CallContext context, FlightDescriptor descriptor)
    {
        return flightInfo(Schemas.GET_CROSS_REFERENCE_SCHEMA, descriptor, request);
    }

    @Override
    public void getStreamExportedKeys(CommandGetExportedKeys command, CallContext context, ServerStreamListener listener)
    {
        sendRows(Schemas.GET_EXPORTED_KEYS_SCHEMA, listener, List::of);
    }

    @Override
    public void getStreamImportedKeys(CommandGetImportedKeys command, CallContext context, ServerStreamListener listener)
    {
        sendRows(Schemas.GET_IMPORTED_KEYS_SCHEMA, listener, List::of);
    }

    @Override
    public void getStreamCrossReference(CommandGetCrossReference command, CallContext context, ServerStreamListener listener)
    {
        sendRows(Schemas.GET_CROSS_REFERENCE_SCHEMA, listener, List::of);
    }

    @Override
    public void listFlights(CallContext context, Criteria criteria, StreamListener<FlightInfo> listener)
    {
        listener.onCompleted();
    }

    // ---------------------------------------------------------------- remote engines and direct results

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener)
    {
        if (!SignedTickets.isSigned(ticket)) {
            if (isTicketHolder(context)) {
                listener.error(ticketHolderRefused());
                return;
            }
            FlightSqlProducer.super.getStream(context, ticket, listener);
            return;
        }
        if (options.signedTickets().isEmpty()) {
            relayDirect(ticket, operationId(context), listener);
            return;
        }
        Ticket inner;
        try {
            inner = new Ticket(options.signedTickets().get().verify(ticket));
        }
        catch (SqlServiceException e) {
            listener.error(Errors.toFlight(e));
            return;
        }
        Optional<String> handle = handleOf(inner);
        OpenStatement statement = handle.map(statements::get).orElse(null);
        if (statement == null) {
            listener.error(CallStatus.NOT_FOUND.withDescription("[SQLSTATE 26000] the result was already fetched or has expired").toRuntimeException());
            return;
        }
        if (statement.oneShot && !statement.fetched.compareAndSet(false, true)) {
            listener.error(CallStatus.NOT_FOUND.withDescription("[SQLSTATE 26000] the statement's result was already fetched").toRuntimeException());
            return;
        }
        statement.fetchDeadlineNanos = Long.MAX_VALUE;
        streamAsync(handle.get(), statement, operationId(context), listener);
    }

    @Override
    public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor)
    {
        refuseTicketHolder(context);
        return FlightSqlProducer.super.getFlightInfo(context, descriptor);
    }

    @Override
    public SchemaResult getSchema(CallContext context, FlightDescriptor descriptor)
    {
        refuseTicketHolder(context);
        return FlightSqlProducer.super.getSchema(context, descriptor);
    }

    @Override
    public Runnable acceptPut(CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream)
    {
        if (isTicketHolder(context)) {
            return () -> ackStream.onError(ticketHolderRefused());
        }
        return FlightSqlProducer.super.acceptPut(context, flightStream, ackStream);
    }

    @Override
    public void doAction(CallContext context, Action action, StreamListener<Result> listener)
    {
        if (isTicketHolder(context)) {
            Optional<Result> answer = ticketHolderSessionAction(action.getType());
            if (answer.isPresent()) {
                listener.onNext(answer.get());
                listener.onCompleted();
            }
            else {
                listener.onError(ticketHolderRefused());
            }
            return;
        }
        if (!action.getType().startsWith("sparkjobs.")) {
            FlightSqlProducer.super.doAction(context, action, listener);
            return;
        }
        try {
            String body = EngineProtocol.utf8(action.getBody());
            switch (action.getType()) {
                case EngineProtocol.ACTION_CANCEL -> session(context).cancel(body);
                case EngineProtocol.ACTION_PROGRESS -> session(context).progress(body)
                        .ifPresent(progress -> listener.onNext(new Result(EngineProtocol.utf8(EngineProtocol.encodeProgress(progress)))));
                case EngineProtocol.ACTION_GET_OPTION -> session(context).option(body)
                        .ifPresent(value -> listener.onNext(new Result(EngineProtocol.utf8(value))));
                case EngineProtocol.ACTION_SET_OPTION -> {
                    int newline = body.indexOf('\n');
                    if (newline < 0) {
                        throw new SqlServiceException(SqlServiceException.INVALID_PARAMETER, "expected key and value on two lines");
                    }
                    session(context).setOption(body.substring(0, newline), body.substring(newline + 1));
                }
                case EngineProtocol.ACTION_HAND_OVER -> handOver(body);
                case EngineProtocol.ACTION_START -> start(body, operationId(context), context);
                default -> throw new SqlServiceException(SqlServiceException.FEATURE_NOT_SUPPORTED, "unknown action " + action.getType());
            }
            listener.onCompleted();
        }
        catch (Throwable t) {
            listener.onError(Errors.toFlight(t));
        }
    }

    private void handOver(String body)
            throws SqlServiceException
    {
        String[] parts = body.split("\n");
        OpenStatement statement = parts.length == 2 ? statements.get(parts[0]) : null;
        if (statement == null) {
            throw new SqlServiceException("26000", "unknown or closed prepared statement");
        }
        statement.fetchDeadlineNanos = System.nanoTime() + Duration.ofMillis(Long.parseLong(parts[1])).toNanos();
        statement.oneShot = true;
    }

    /**
     * Starts the statement's result and waits for its first batch, so that a failure of the work
     * (or of this engine) reaches the gateway, which reports it with its SQLSTATE, rather than
     * the client's fetch, which would see a bare transport error. Spark keeps computing the rest
     * while the client comes to fetch it.
     */
    private void start(String body, String operationId, CallContext context)
            throws SqlServiceException
    {
        String[] parts = body.split("\n");
        String handle = parts.length == 2 ? parts[0] : "";
        OpenStatement statement = statements.get(handle);
        if (statement == null) {
            throw new SqlServiceException("26000", "unknown or closed prepared statement");
        }
        if (statement.cancelled) {
            throw new SqlServiceException(SqlServiceException.QUERY_CANCELED, "the statement was cancelled");
        }
        long deadline = System.nanoTime() + Duration.ofMillis(Long.parseLong(parts[1])).toNanos();
        statement.running.put(operationId, Boolean.TRUE);
        statement.lastUsedNanos = System.nanoTime();
        // The caller (a gateway, for its client's GetFlightInfo) may give up while the work runs: its
        // client cancelled or its deadline passed. gRPC cancels this call then; the work stops with it.
        AtomicBoolean callerGone = new AtomicBoolean();
        ScheduledFuture<?> watch = sweeper.scheduleWithFixedDelay(() -> {
            if (context.isCancelled() && callerGone.compareAndSet(false, true)) {
                log.info("The caller gave up on operation {} before its first batch; cancelling it", operationId);
                statement.session.cancel(operationId);
            }
        }, CALLER_CHECK_MILLIS, CALLER_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        StartedResult result;
        try {
            result = StartedResult.start(statement.prepared.executeQuery(operationId, allocator), operationId, deadline);
        }
        catch (SqlServiceException | RuntimeException | Error e) {
            statement.running.remove(operationId);
            if (statement.oneShot && statements.remove(handle, statement)) {
                statement.prepared.close();
            }
            throw e;
        }
        finally {
            watch.cancel(false);
        }
        if (callerGone.get() || context.isCancelled()) {
            // Its first batch came as the caller left: nobody will fetch it.
            statement.running.remove(operationId);
            result.close();
            if (statement.oneShot && statements.remove(handle, statement)) {
                statement.prepared.close();
            }
            throw new SqlServiceException(SqlServiceException.QUERY_CANCELED, "the caller gave up before the first batch");
        }
        dropStarted(statement, statement.started.getAndSet(result));
    }

    private static void dropStarted(OpenStatement statement, StartedResult result)
    {
        if (result != null) {
            statement.running.remove(result.operationId());
            result.close();
        }
    }

    /** Closes statements handed to clients that never came to fetch them, and results started for fetches that never came. */
    private void closeUnfetched()
    {
        long now = System.nanoTime();
        statements.entrySet().removeIf(entry -> {
            OpenStatement statement = entry.getValue();
            StartedResult result = statement.started.get();
            if (result != null && result.expired(now) && statement.started.compareAndSet(result, null)) {
                dropStarted(statement, result);
            }
            if (statement.fetchDeadlineNanos - now < 0 && !statement.fetched.get()) {
                dropStarted(statement, statement.started.getAndSet(null));
                statement.prepared.close();
                return true;
            }
            return false;
        });
    }

    private Optional<FlightEndpoint> directEndpoint(SqlSession session, PreparedSql prepared, boolean handOver)
    {
        if (!directResults(session) || prepared.schema().getFields().isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<FlightEndpoint> endpoint = prepared.directEndpoint(options.directTicketLifetime(), handOver);
            endpoint.ifPresent(handed -> handedOut.put(ByteBuffer.wrap(handed.getTicket().getBytes()),
                    new HandedOut(prepared, session, System.nanoTime() + options.directTicketLifetime().toNanos())));
            // The gateway is the endpoint's second location: a client that cannot reach the engine fetches the same ticket here.
            return endpoint.map(handed -> {
                List<Location> locations = new ArrayList<>(handed.getLocations());
                locations.add(Location.reuseConnection());
                return new FlightEndpoint(handed.getTicket(), locations.toArray(new Location[0]));
            });
        }
        catch (SqlServiceException e) {
            if (!relayable(e)) {
                // The engine started the work and it failed (or the engine went away): relaying
                // would fail the same way, so the client hears it now, with its SQLSTATE.
                throw Errors.toFlight(e);
            }
            log.debug("No direct endpoint for a statement; relaying its result", e);
            return Optional.empty();
        }
        catch (RuntimeException e) {
            // The relay always works: a statement the engine could not hand over is fetched here.
            log.debug("No direct endpoint for a statement; relaying its result", e);
            return Optional.empty();
        }
    }

    /** Whether a failure to give a direct endpoint leaves the relay worth trying: the engine could not hand the result over, rather than the work failing. */
    private static boolean relayable(SqlServiceException e)
    {
        return e.sqlState().equals(SqlServiceException.INTERNAL_ERROR) || e.sqlState().equals(SqlServiceException.FEATURE_NOT_SUPPORTED);
    }

    private static boolean isTicketHolder(CallContext context)
    {
        return EngineProtocol.TICKET_HOLDER.equals(context.peerIdentity());
    }

    private static void refuseTicketHolder(CallContext context)
    {
        if (isTicketHolder(context)) {
            throw ticketHolderRefused();
        }
    }

    /**
     * A client sent to a direct-result endpoint sets up and closes a session there as it does with
     * the gateway (the stock Flight SQL JDBC driver sets its URL's catalog with SetSessionOptions
     * on every location it connects to, and closes the session when it is done; refused, the
     * driver failed the query after 5 attempts). Its session is the gateway's, so on the engine
     * these succeed and change nothing.
     */
    private static Optional<Result> ticketHolderSessionAction(String type)
    {
        ByteBuffer answer;
        if (type.equals(FlightConstants.SET_SESSION_OPTIONS.getType())) {
            answer = new SetSessionOptionsResult(Map.of()).serialize();
        }
        else if (type.equals(FlightConstants.GET_SESSION_OPTIONS.getType())) {
            answer = new GetSessionOptionsResult(Map.of()).serialize();
        }
        else if (type.equals(FlightConstants.CLOSE_SESSION.getType())) {
            answer = new CloseSessionResult(CloseSessionResult.Status.CLOSED).serialize();
        }
        else {
            return Optional.empty();
        }
        byte[] bytes = new byte[answer.remaining()];
        answer.get(bytes);
        return Optional.of(new Result(bytes));
    }

    private static FlightRuntimeException ticketHolderRefused()
    {
        return CallStatus.UNAUTHENTICATED.withDescription("[SQLSTATE 28000] this engine serves only signed tickets to callers without its credentials").toRuntimeException();
    }

    // ---------------------------------------------------------------- plumbing

    private static PreparedSql prepare(SqlSession session, String sql)
    {
        try {
            return session.prepare(sql);
        }
        catch (Throwable t) {
            throw Errors.toFlight(t);
        }
    }

    private String register(OpenStatement statement)
    {
        if (statements.size() >= MAX_OPEN_STATEMENTS) {
            expireStatements();
            if (statements.size() >= MAX_OPEN_STATEMENTS) {
                statement.prepared.close();
                throw CallStatus.RESOURCE_EXHAUSTED.withDescription("[SQLSTATE 53000] too many open statements: close prepared statements that are no longer needed").toRuntimeException();
            }
        }
        String handle = UUID.randomUUID().toString();
        statements.put(handle, statement);
        return handle;
    }

    private void expireStatements()
    {
        long cutoff = System.nanoTime() - Duration.ofMinutes(30).toNanos();
        statements.entrySet().removeIf(entry -> {
            OpenStatement statement = entry.getValue();
            if (statement.lastUsedNanos < cutoff && statement.running.isEmpty()) {
                dropStarted(statement, statement.started.getAndSet(null));
                statement.prepared.close();
                return true;
            }
            return false;
        });
    }

    /** The gateway's operation id when a gateway calls this engine, else a new one. */
    private String operationId(CallContext context)
    {
        SessionCookieMiddleware middleware = context.getMiddleware(SessionCookieMiddleware.KEY);
        Optional<String> named = middleware == null ? Optional.empty() : middleware.operationId();
        return named.orElseGet(this::newOperationId);
    }

    private String newOperationId()
    {
        return "op-" + operationCounter.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private long executeUpdate(OpenStatement statement, String operationId)
            throws SqlServiceException
    {
        statement.running.put(operationId, Boolean.TRUE);
        try {
            return statement.prepared.executeUpdate(operationId);
        }
        finally {
            statement.running.remove(operationId);
        }
    }

    private void streamAsync(String handle, OpenStatement statement, String operationId, ServerStreamListener listener)
    {
        try {
            streamExecutor.execute(() -> {
                try {
                    stream(statement, operationId, listener);
                }
                finally {
                    releaseOneShot(handle, statement);
                }
            });
        }
        catch (RejectedExecutionException e) {
            releaseOneShot(handle, statement);
            listener.error(CallStatus.UNAVAILABLE.withDescription("[SQLSTATE 57P01] the server is shutting down").toRuntimeException());
        }
    }

    private void releaseOneShot(String handle, OpenStatement statement)
    {
        if (statement.oneShot) {
            statements.remove(handle, statement);
            dropStarted(statement, statement.started.getAndSet(null));
            statement.prepared.close();
        }
    }

    private void stream(OpenStatement statement, String fetchOperationId, ServerStreamListener listener)
    {
        // A result started ahead of this fetch keeps the operation it was started under.
        StartedResult started = statement.started.getAndSet(null);
        String operationId = started == null ? fetchOperationId : started.operationId();
        statement.running.put(operationId, Boolean.TRUE);
        statement.lastUsedNanos = System.nanoTime();
        if (statement.cancelled) {
            statement.running.remove(operationId);
            if (started != null) {
                started.close();
            }
            listener.error(CallStatus.CANCELLED.withDescription("[SQLSTATE " + SqlServiceException.QUERY_CANCELED + "] the statement was cancelled").toRuntimeException());
            return;
        }
        try {
            new BatchStreamer(allocator, listener, () -> statement.session.cancel(operationId))
                    .run(() -> started != null ? started : statement.prepared.executeQuery(operationId, allocator));
        }
        catch (Throwable t) {
            listener.error(Errors.toFlight(t));
        }
        finally {
            if (started != null) {
                // streamed and closed already, unless the client went away before the stream began
                started.close();
            }
            statement.running.remove(operationId);
        }
    }

    private void sendUpdateCount(StreamListener<PutResult> ackStream, long count)
    {
        byte[] bytes = DoPutUpdateResult.newBuilder().setRecordCount(count).build().toByteArray();
        try (ArrowBuf buffer = allocator.buffer(bytes.length)) {
            buffer.writeBytes(bytes);
            ackStream.onNext(PutResult.metadata(buffer));
        }
        ackStream.onCompleted();
    }

    private static FlightInfo flightInfo(Schema schema, FlightDescriptor descriptor, Message ticketCommand)
    {
        Ticket ticket = new Ticket(Any.pack(ticketCommand).toByteArray());
        return new FlightInfo(schema, descriptor, List.of(new FlightEndpoint(ticket)), -1, -1);
    }

    @FunctionalInterface
    private interface RowSupplier
    {
        List<Object[]> get()
                throws SqlServiceException;
    }

    private void sendRows(Schema schema, ServerStreamListener listener, RowSupplier rows)
    {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            Rows.fill(root, rows.get());
            listener.start(root);
            listener.putNext();
            listener.completed();
        }
        catch (Throwable t) {
            listener.error(Errors.toFlight(t));
        }
    }

    @Override
    public void close()
    {
        sweeper.shutdownNow();
        streamExecutor.shutdownNow();
        statements.values().forEach(statement -> {
            statement.cancel();
            dropStarted(statement, statement.started.getAndSet(null));
            statement.prepared.close();
        });
        statements.clear();
        handedOut.clear();
        sessions.close();
    }
}
