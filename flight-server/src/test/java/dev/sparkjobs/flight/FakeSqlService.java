package dev.sparkjobs.flight;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/** A service for producer tests: statements come from a function, cancels go to a callback. */
final class FakeSqlService
        implements SqlService
{
    private final Function<String, PreparedSql> statements;
    private final Consumer<String> onCancel;
    /** Ids of the sessions opened, and of those closed. */
    final Set<String> opened = ConcurrentHashMap.newKeySet();
    final Set<String> closed = ConcurrentHashMap.newKeySet();

    FakeSqlService(Function<String, PreparedSql> statements, Consumer<String> onCancel)
    {
        this.statements = requireNonNull(statements, "statements is null");
        this.onCancel = requireNonNull(onCancel, "onCancel is null");
    }

    @Override
    public SqlSession openSession(String user, Map<String, String> properties)
    {
        return new Session(user);
    }

    private final class Session
            implements SqlSession
    {
        private final String id = UUID.randomUUID().toString();
        private final String user;

        Session(String user)
        {
            this.user = user;
            opened.add(id);
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

        @Override
        public PreparedSql prepare(String sql)
        {
            return statements.apply(sql);
        }

        @Override
        public void cancel(String operationId)
        {
            onCancel.accept(operationId);
        }

        @Override
        public void setOption(String key, String value) {}

        @Override
        public Optional<String> option(String key)
        {
            return Optional.empty();
        }

        @Override
        public List<String> catalogs()
        {
            return List.of();
        }

        @Override
        public List<CatalogObjects.SchemaEntry> schemas(Optional<String> catalog, Optional<String> schemaPattern)
        {
            return List.of();
        }

        @Override
        public List<CatalogObjects.TableEntry> tables(CatalogObjects.TableFilter filter)
        {
            return List.of();
        }

        @Override
        public List<String> tableTypes()
        {
            return List.of();
        }

        @Override
        public long ingest(CatalogObjects.IngestRequest request, BatchSource batches)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close()
        {
            closed.add(id);
        }
    }
}
