package dev.sparkjobs.pool.remote;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.sparkjobs.flight.BatchSource;
import dev.sparkjobs.flight.CatalogObjects;
import dev.sparkjobs.flight.EngineProtocol;
import dev.sparkjobs.flight.OperationProgress;
import dev.sparkjobs.flight.PreparedSql;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SyncPutListener;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest;
import org.apache.arrow.flight.sql.impl.FlightSql.DoPutUpdateResult;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A session on a remote engine: one Flight SQL session there (its cookie kept here), whose calls
 * carry the engine's secret and the user. Results stream from the engine; cancel stops the local
 * stream and the engine's work; an engine that dies fails every call with SQLSTATE 08006.
 */
final class RemoteSqlSession
        implements SqlSession
{
    private final String id;
    private final String user;
    private final RemoteSqlService service;
    private final Map<String, FlightStream> running = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String cookie;

    RemoteSqlSession(String id, String user, RemoteSqlService service)
    {
        this.id = requireNonNull(id, "id is null");
        this.user = requireNonNull(user, "user is null");
        this.service = requireNonNull(service, "service is null");
    }

    EngineClient client()
    {
        return service.client();
    }

    @Override
    public String id()
    {
        return id;
    }

    @Override
    public String user()
    {
        return user;
    }

    /** The headers of a call of this session, naming the operation when there is one. */
    CallOption[] options(Optional<String> operationId)
    {
        FlightCallHeaders headers = new FlightCallHeaders();
        headers.insert(Auth2Constants.AUTHORIZATION_HEADER, Auth2Constants.BEARER_PREFIX + client().secret());
        headers.insert(EngineProtocol.USER_HEADER, user);
        String current = cookie;
        if (current != null) {
            headers.insert("cookie", EngineProtocol.SESSION_COOKIE + "=" + current);
        }
        operationId.ifPresent(operation -> headers.insert(EngineProtocol.OPERATION_HEADER, operation));
        return new CallOption[] {new HeaderCallOption(headers)};
    }

    <T> T call(Supplier<T> call)
            throws SqlServiceException
    {
        service.checkAlive();
        try {
            return EngineClient.catchingCookie(value -> cookie = value, call);
        }
        catch (Throwable t) {
            throw translate(t);
        }
    }

    SqlServiceException translate(Throwable t)
    {
        return RemoteErrors.translate(t, service::deathNotice);
    }

    List<Result> action(Action action)
            throws SqlServiceException
    {
        return call(() -> {
            List<Result> results = new ArrayList<>();
            Iterator<Result> iterator = client().flight().doAction(action, options(Optional.empty()));
            iterator.forEachRemaining(results::add);
            return results;
        });
    }

    void started(String operationId, FlightStream stream)
    {
        running.put(operationId, stream);
    }

    void finished(String operationId, FlightStream stream)
    {
        running.remove(operationId, stream);
    }

    /** Fails the streams still running: the engine is gone. */
    void abort(String reason)
    {
        running.values().forEach(stream -> {
            try {
                stream.cancel(reason, null);
            }
            catch (RuntimeException ignored) {
                // already ended
            }
        });
    }

    @Override
    public PreparedSql prepare(String sql)
            throws SqlServiceException
    {
        return new RemotePreparedSql(this, sql, call(() -> client().sql().prepare(sql, options(Optional.empty()))));
    }

    @Override
    public void cancel(String operationId)
    {
        FlightStream stream = running.get(operationId);
        if (stream != null) {
            try {
                stream.cancel("cancelled", null);
            }
            catch (RuntimeException ignored) {
                // ended meanwhile
            }
        }
        try {
            action(new Action(EngineProtocol.ACTION_CANCEL, EngineProtocol.utf8(operationId)));
        }
        catch (SqlServiceException e) {
            // nothing runs on an engine that cannot be reached
        }
    }

    @Override
    public Optional<OperationProgress> progress(String operationId)
    {
        try {
            List<Result> results = action(new Action(EngineProtocol.ACTION_PROGRESS, EngineProtocol.utf8(operationId)));
            return results.isEmpty() ? Optional.empty() : EngineProtocol.decodeProgress(EngineProtocol.utf8(results.get(0).getBody()));
        }
        catch (SqlServiceException e) {
            return Optional.empty();
        }
    }

    @Override
    public void setOption(String key, String value)
            throws SqlServiceException
    {
        action(new Action(EngineProtocol.ACTION_SET_OPTION, EngineProtocol.utf8(key + "\n" + value)));
    }

    @Override
    public Optional<String> option(String key)
    {
        try {
            List<Result> results = action(new Action(EngineProtocol.ACTION_GET_OPTION, EngineProtocol.utf8(key)));
            return results.isEmpty() ? Optional.empty() : Optional.of(EngineProtocol.utf8(results.get(0).getBody()));
        }
        catch (SqlServiceException e) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- metadata

    @Override
    public List<String> catalogs()
            throws SqlServiceException
    {
        List<String> catalogs = new ArrayList<>();
        for (List<Object> row : rows(() -> client().sql().getCatalogs(options(Optional.empty())))) {
            catalogs.add(String.valueOf(row.get(0)));
        }
        return catalogs;
    }

    @Override
    public List<CatalogObjects.SchemaEntry> schemas(Optional<String> catalog, Optional<String> schemaPattern)
            throws SqlServiceException
    {
        List<CatalogObjects.SchemaEntry> schemas = new ArrayList<>();
        for (List<Object> row : rows(() -> client().sql().getSchemas(catalog.orElse(null), schemaPattern.orElse(null), options(Optional.empty())))) {
            schemas.add(new CatalogObjects.SchemaEntry(String.valueOf(row.get(0)), String.valueOf(row.get(1))));
        }
        return schemas;
    }

    @Override
    public List<CatalogObjects.TableEntry> tables(CatalogObjects.TableFilter filter)
            throws SqlServiceException
    {
        List<CatalogObjects.TableEntry> tables = new ArrayList<>();
        List<List<Object>> rows = rows(() -> client().sql().getTables(
                filter.catalog().orElse(null),
                filter.schemaPattern().orElse(null),
                filter.tablePattern().orElse(null),
                filter.tableTypes().isEmpty() ? null : filter.tableTypes(),
                filter.includeColumns(),
                options(Optional.empty())));
        for (List<Object> row : rows) {
            Optional<Schema> columns = filter.includeColumns() && row.size() > 4 && row.get(4) instanceof byte[] bytes
                    ? Optional.of(Schema.deserializeMessage(ByteBuffer.wrap(bytes)))
                    : Optional.empty();
            tables.add(new CatalogObjects.TableEntry(String.valueOf(row.get(0)), String.valueOf(row.get(1)), String.valueOf(row.get(2)), String.valueOf(row.get(3)), columns));
        }
        return tables;
    }

    @Override
    public List<String> tableTypes()
    {
        try {
            List<String> types = new ArrayList<>();
            for (List<Object> row : rows(() -> client().sql().getTableTypes(options(Optional.empty())))) {
                types.add(String.valueOf(row.get(0)));
            }
            return types;
        }
        catch (SqlServiceException e) {
            return List.of("TABLE", "VIEW");
        }
    }

    /** The rows of a metadata result, small by nature: values as Java objects, text as strings. */
    private List<List<Object>> rows(Supplier<FlightInfo> request)
            throws SqlServiceException
    {
        FlightInfo info = call(request);
        List<List<Object>> rows = new ArrayList<>();
        call(() -> {
            try (FlightStream stream = client().sql().getStream(info.getEndpoints().get(0).getTicket(), options(Optional.empty()))) {
                while (stream.next()) {
                    VectorSchemaRoot root = stream.getRoot();
                    for (int i = 0; i < root.getRowCount(); i++) {
                        List<Object> row = new ArrayList<>();
                        for (var vector : root.getFieldVectors()) {
                            Object value = vector instanceof VarBinaryVector binary ? binary.getObject(i) : vector.getObject(i);
                            row.add(value == null || value instanceof byte[] ? value : value.toString());
                        }
                        rows.add(row);
                    }
                }
            }
            catch (RuntimeException e) {
                throw e;
            }
            catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
        return rows;
    }

    // ---------------------------------------------------------------- bulk ingest

    @Override
    public long ingest(CatalogObjects.IngestRequest request, BatchSource batches)
            throws SqlServiceException
    {
        CommandStatementIngest.Builder command = CommandStatementIngest.newBuilder()
                .setTable(request.table())
                .setTemporary(request.temporary())
                .putAllOptions(request.options())
                .setTableDefinitionOptions(CommandStatementIngest.TableDefinitionOptions.newBuilder()
                        .setIfExists(switch (request.ifExists()) {
                            case FAIL -> CommandStatementIngest.TableDefinitionOptions.TableExistsOption.TABLE_EXISTS_OPTION_FAIL;
                            case APPEND -> CommandStatementIngest.TableDefinitionOptions.TableExistsOption.TABLE_EXISTS_OPTION_APPEND;
                            case REPLACE -> CommandStatementIngest.TableDefinitionOptions.TableExistsOption.TABLE_EXISTS_OPTION_REPLACE;
                        })
                        .setIfNotExist(request.ifNotExists() == CatalogObjects.IfNotExists.FAIL
                                ? CommandStatementIngest.TableDefinitionOptions.TableNotExistOption.TABLE_NOT_EXIST_OPTION_FAIL
                                : CommandStatementIngest.TableDefinitionOptions.TableNotExistOption.TABLE_NOT_EXIST_OPTION_CREATE));
        request.catalog().ifPresent(command::setCatalog);
        request.schema().ifPresent(command::setSchema);
        FlightDescriptor descriptor = FlightDescriptor.command(Any.pack(command.build()).toByteArray());
        return call(() -> {
            FlightClient flight = client().flight();
            try (VectorSchemaRoot root = VectorSchemaRoot.create(batches.schema(), client().allocator())) {
                SyncPutListener listener = new SyncPutListener();
                FlightClient.ClientStreamListener upload = flight.startPut(descriptor, root, listener, options(Optional.empty()));
                VectorLoader loader = new VectorLoader(root);
                for (ArrowRecordBatch next = batches.next(); next != null; next = batches.next()) {
                    try (ArrowRecordBatch batch = next) {
                        loader.load(batch);
                    }
                    upload.putNext();
                }
                upload.completed();
                upload.getResult();
                try (PutResult result = listener.read()) {
                    return DoPutUpdateResult.parseFrom(result.getApplicationMetadata().nioBuffer()).getRecordCount();
                }
            }
            catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("the engine's ingest answer is not readable", e);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the engine ingested", e);
            }
            catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
            }
        });
    }

    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        abort("the session was closed");
        service.closed(this);
        if (cookie != null && service.deathNotice().isEmpty()) {
            try {
                client().sql().closeSession(new CloseSessionRequest(), options(Optional.empty()));
            }
            catch (RuntimeException e) {
                // the engine is going away: its sessions go with it
            }
        }
    }
}
