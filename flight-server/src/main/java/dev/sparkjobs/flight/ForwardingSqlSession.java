package dev.sparkjobs.flight;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** A session that passes every call to another; subclasses override what they add to. */
public abstract class ForwardingSqlSession
        implements SqlSession
{
    private final SqlSession delegate;

    protected ForwardingSqlSession(SqlSession delegate)
    {
        this.delegate = requireNonNull(delegate, "delegate is null");
    }

    protected final SqlSession delegate()
    {
        return delegate;
    }

    @Override
    public String id()
    {
        return delegate.id();
    }

    @Override
    public String user()
    {
        return delegate.user();
    }

    @Override
    public PreparedSql prepare(String sql)
            throws SqlServiceException
    {
        return delegate.prepare(sql);
    }

    @Override
    public void cancel(String operationId)
    {
        delegate.cancel(operationId);
    }

    @Override
    public Optional<OperationProgress> progress(String operationId)
    {
        return delegate.progress(operationId);
    }

    @Override
    public void setOption(String key, String value)
            throws SqlServiceException
    {
        delegate.setOption(key, value);
    }

    @Override
    public Optional<String> option(String key)
    {
        return delegate.option(key);
    }

    @Override
    public List<String> catalogs()
            throws SqlServiceException
    {
        return delegate.catalogs();
    }

    @Override
    public List<CatalogObjects.SchemaEntry> schemas(Optional<String> catalog, Optional<String> schemaPattern)
            throws SqlServiceException
    {
        return delegate.schemas(catalog, schemaPattern);
    }

    @Override
    public List<CatalogObjects.TableEntry> tables(CatalogObjects.TableFilter filter)
            throws SqlServiceException
    {
        return delegate.tables(filter);
    }

    @Override
    public List<String> tableTypes()
    {
        return delegate.tableTypes();
    }

    @Override
    public long ingest(CatalogObjects.IngestRequest request, BatchSource batches)
            throws SqlServiceException
    {
        return delegate.ingest(request, batches);
    }

    @Override
    public void close()
    {
        delegate.close();
    }
}
