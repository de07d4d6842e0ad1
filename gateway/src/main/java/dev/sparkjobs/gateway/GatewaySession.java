package dev.sparkjobs.gateway;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.BatchSource;
import dev.sparkjobs.flight.CatalogObjects;
import dev.sparkjobs.flight.OperationProgress;
import dev.sparkjobs.flight.PreparedSql;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.ForwardingSqlSession;
import dev.sparkjobs.flight.SqlSession;
import dev.sparkjobs.gateway.statements.ExtendedStatements;
import dev.sparkjobs.gateway.statements.LocalPreparedSql;
import dev.sparkjobs.gateway.statements.LocalResult;
import dev.sparkjobs.gateway.statements.QueryValidation;
import dev.sparkjobs.gateway.statements.SessionContext;
import dev.sparkjobs.gateway.statements.SystemCatalog;
import dev.sparkjobs.sql.RoutedStatement;
import dev.sparkjobs.sql.SqlFrontDoor;
import dev.sparkjobs.sql.parser.SqlSyntaxError;
import dev.sparkjobs.sql.StatementKind;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/** A client session as the gateway sees it: statements routed, counted and timed. */
final class GatewaySession
        extends ForwardingSqlSession
{
    /** DDL after which a name may mean something the catalog does not list: temporary views and functions, cached relations. */
    private static final Pattern TEMPORARY_NAMES = Pattern.compile("(?i)\\bTEMP(ORARY)?\\b|^\\s*CACHE\\b|\\bGLOBAL\\b");

    private final SqlSession engineSession;
    private final SqlFrontDoor frontDoor;
    private final GatewayMetrics metrics;
    private final SessionRegistry.Entry entry;
    private final SessionRegistry registry;
    private final ExtendedStatements extended;
    private final SystemCatalog system;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final QueryValidation validation = new QueryValidation();
    /** Whether names resolve as the catalog lists them: no temporary views, no USE, no session catalog or schema. */
    private volatile boolean namesAsListed;

    GatewaySession(SqlSession engineSession, SqlFrontDoor frontDoor, GatewayMetrics metrics, SessionRegistry.Entry entry, SessionRegistry registry,
            ExtendedStatements extended, SystemCatalog system, boolean namesAsListed)
    {
        super(engineSession);
        this.engineSession = engineSession;
        this.frontDoor = requireNonNull(frontDoor, "frontDoor is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.entry = requireNonNull(entry, "entry is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.extended = requireNonNull(extended, "extended is null");
        this.system = requireNonNull(system, "system is null");
        this.namesAsListed = namesAsListed;
    }

    @Override
    public PreparedSql prepare(String sql)
            throws SqlServiceException
    {
        long start = System.nanoTime();
        RoutedStatement routed = frontDoor.route(sql);
        try {
            if (routed.syntaxError().isPresent()) {
                SqlSyntaxError error = routed.syntaxError().get();
                throw new SqlServiceException(error.sqlState(), 0, error.message() + " (line " + error.line() + ", column " + error.column() + ")", null);
            }
            PreparedSql prepared;
            if (routed.kind() == StatementKind.EXTENDED) {
                prepared = extended.prepare(routed.extended().orElseThrow(), sql, new SessionContext(user(), engineSession));
            }
            else if (routed.kind() == StatementKind.SYSTEM) {
                List<LocalResult.Column> columns = system.describe(sql);
                prepared = new LocalPreparedSql(sql, columns, operation -> system.execute(sql));
            }
            else {
                checkNames(routed);
                prepared = prepareOnEngine(routed);
            }
            return new GatewayPreparedSql(prepared, routed.kind(), metrics, entry, registry.clock());
        }
        catch (SqlServiceException e) {
            metrics.statement(routed.kind(), "error", Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
    }

    /**
     * Calcite validates a query against the catalog before Spark sees it (a missing column is
     * refused with its position); statements that change the catalog or how names resolve make
     * later checks look again or stop them.
     */
    private void checkNames(RoutedStatement routed)
            throws SqlServiceException
    {
        switch (routed.kind()) {
            case QUERY -> {
                if (namesAsListed) {
                    Optional<SqlServiceException> error = validation.check(routed.sparkSql(), engineSession);
                    if (error.isPresent()) {
                        throw error.get();
                    }
                }
            }
            case DDL -> {
                validation.forgetColumns();
                if (TEMPORARY_NAMES.matcher(routed.sparkSql()).find()) {
                    namesAsListed = false;
                }
            }
            case DML, METADATA -> { }
            default -> namesAsListed = false;
        }
    }

    @Override
    public void setOption(String key, String value)
            throws SqlServiceException
    {
        String option = key.toLowerCase(Locale.ROOT);
        boolean place = option.equals("catalog") || option.equals("schema") || option.equals("database");
        boolean samePlace = option.equals("catalog") ? value.equalsIgnoreCase("spark_catalog") : value.equalsIgnoreCase("default");
        if ((place && !samePlace) || option.equals("spark.sql.casesensitive")) {
            namesAsListed = false;
        }
        super.setOption(key, value);
    }

    /** Spark's parser refuses standard SQL as a syntax error or as an unsupported typed literal. */
    private static boolean refusedByParser(SqlServiceException e)
    {
        return e.sqlState().equals(SqlServiceException.SYNTAX_ERROR) || e.sqlState().equals(SqlServiceException.FEATURE_NOT_SUPPORTED);
    }

    /**
     * Spark gets the statement as the user wrote it. Only when Spark's parser refuses it and the
     * front door has a translation of standard SQL that Spark lacks (typed literals such as
     * {@code DECIMAL '0.06'}, {@code FETCH FIRST}) does the translation run instead; Spark's own
     * error stands when the translation fails too.
     */
    private PreparedSql prepareOnEngine(RoutedStatement routed)
            throws SqlServiceException
    {
        try {
            return engineSession.prepare(routed.sparkSql());
        }
        catch (SqlServiceException e) {
            if (!refusedByParser(e) || routed.sparkFallbackSql().isEmpty()) {
                throw e;
            }
            try {
                return engineSession.prepare(routed.sparkFallbackSql().get());
            }
            catch (SqlServiceException translated) {
                e.addSuppressed(translated);
                throw e;
            }
        }
    }

    @Override
    public long ingest(CatalogObjects.IngestRequest request, BatchSource batches)
            throws SqlServiceException
    {
        long start = System.nanoTime();
        validation.forgetColumns();
        if (request.temporary()) {
            namesAsListed = false;
        }
        try {
            long rows = engineSession.ingest(request, batches);
            metrics.statement(StatementKind.DML, "success", Duration.ofNanos(System.nanoTime() - start));
            return rows;
        }
        catch (SqlServiceException e) {
            metrics.statement(StatementKind.DML, "error", Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
    }

    @Override
    public void close()
    {
        if (closed.compareAndSet(false, true)) {
            metrics.activeSessions().decrementAndGet();
            registry.close(id());
            engineSession.close();
        }
    }
}
