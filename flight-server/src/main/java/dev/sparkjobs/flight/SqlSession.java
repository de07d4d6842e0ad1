package dev.sparkjobs.flight;

import java.util.List;
import java.util.Optional;

/**
 * One client session: its own configuration, current schema and temporary views. Every method
 * may be called from any thread; a session serves one statement at a time per operation id.
 */
public interface SqlSession
        extends AutoCloseable
{
    String id();

    String user();

    /**
     * Parses and analyses a statement without running it, so that its result schema is known
     * before any work starts. Statements with side effects run only on {@link PreparedSql#executeQuery}
     * or {@link PreparedSql#executeUpdate}.
     */
    PreparedSql prepare(String sql)
            throws SqlServiceException;

    /** Cancels the operation, wherever it runs; a no-op when it has already ended. */
    void cancel(String operationId);

    /** How far the operation has got, when the engine can tell. */
    default Optional<OperationProgress> progress(String operationId)
    {
        return Optional.empty();
    }

    /** Sets a session option, such as {@code schema} or a Spark configuration key. */
    void setOption(String key, String value)
            throws SqlServiceException;

    Optional<String> option(String key);

    List<String> catalogs()
            throws SqlServiceException;

    List<CatalogObjects.SchemaEntry> schemas(Optional<String> catalog, Optional<String> schemaPattern)
            throws SqlServiceException;

    List<CatalogObjects.TableEntry> tables(CatalogObjects.TableFilter filter)
            throws SqlServiceException;

    List<String> tableTypes();

    /**
     * Writes Arrow batches into a table, creating it if asked.
     *
     * @return the number of rows written
     */
    long ingest(CatalogObjects.IngestRequest request, BatchSource batches)
            throws SqlServiceException;

    @Override
    void close();
}
