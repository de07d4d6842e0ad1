package dev.sparkjobs.flight;

import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlNullOrdering;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlOuterJoinsSupportLevel;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedCaseSensitivity;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedElementActions;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedGroupBy;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedPositionedCommands;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedResultSetType;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedSubqueries;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedTransaction;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedUnions;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlTransactionIsolationLevel;
import org.apache.arrow.flight.sql.impl.FlightSql.SupportedAnsi92SqlGrammarLevel;
import org.apache.arrow.flight.sql.impl.FlightSql.SupportedSqlGrammar;

/**
 * Every {@code GetSqlInfo} key, answered: the Flight SQL JDBC driver reads about seventy of them
 * when a tool first asks for {@code DatabaseMetaData}, and a missing key fails the call.
 * Identifiers behave as in Spark: case-insensitive, quoted with backticks.
 */
final class SqlInfos
{
    private SqlInfos() {}

    static SqlInfoBuilder build(String serverName, String serverVersion)
    {
        return new SqlInfoBuilder()
                .withFlightSqlServerName(serverName)
                .withFlightSqlServerVersion(serverVersion)
                .withFlightSqlServerArrowVersion(arrowVersion())
                .withFlightSqlServerReadOnly(false)
                .withFlightSqlServerSql(true)
                .withFlightSqlServerSubstrait(false)
                .withFlightSqlServerTransaction(SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_NONE)
                .withFlightSqlServerCancel(true)
                .withFlightSqlServerBulkIngestion(true)
                .withFlightSqlServerBulkIngestionTransaction(false)
                .withFlightSqlServerStatementTimeout(0)
                .withFlightSqlServerTransactionTimeout(0)
                .withSqlDdlCatalog(false)
                .withSqlDdlSchema(true)
                .withSqlDdlTable(true)
                .withSqlIdentifierCase(SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE)
                .withSqlIdentifierQuoteChar("`")
                .withSqlQuotedIdentifierCase(SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE)
                .withSqlAllTablesAreSelectable(true)
                .withSqlNullOrdering(SqlNullOrdering.SQL_NULLS_SORTED_LOW)
                .withSqlKeywords(KEYWORDS)
                .withSqlNumericFunctions(NUMERIC_FUNCTIONS)
                .withSqlStringFunctions(STRING_FUNCTIONS)
                .withSqlSystemFunctions(SYSTEM_FUNCTIONS)
                .withSqlDatetimeFunctions(DATETIME_FUNCTIONS)
                .withSqlSearchStringEscape("\\")
                .withSqlExtraNameCharacters("")
                .withSqlSupportsColumnAliasing(true)
                .withSqlNullPlusNullIsNull(true)
                .withSqlSupportsConvert(Map.of())
                .withSqlSupportsTableCorrelationNames(true)
                .withSqlSupportsDifferentTableCorrelationNames(false)
                .withSqlSupportsExpressionsInOrderBy(true)
                .withSqlSupportsOrderByUnrelated(true)
                .withSqlSupportedGroupBy(SqlSupportedGroupBy.SQL_GROUP_BY_UNRELATED, SqlSupportedGroupBy.SQL_GROUP_BY_BEYOND_SELECT)
                .withSqlSupportsLikeEscapeClause(true)
                .withSqlSupportsNonNullableColumns(true)
                .withSqlSupportedGrammar(SupportedSqlGrammar.SQL_CORE_GRAMMAR, SupportedSqlGrammar.SQL_MINIMUM_GRAMMAR)
                .withSqlAnsi92SupportedLevel(SupportedAnsi92SqlGrammarLevel.ANSI92_ENTRY_SQL)
                .withSqlSupportsIntegrityEnhancementFacility(false)
                .withSqlOuterJoinSupportLevel(SqlOuterJoinsSupportLevel.SQL_FULL_OUTER_JOINS)
                .withSqlSchemaTerm("schema")
                .withSqlProcedureTerm("procedure")
                .withSqlCatalogTerm("catalog")
                .withSqlCatalogAtStart(true)
                .withSqlSchemasSupportedActions(SqlSupportedElementActions.SQL_ELEMENT_IN_PROCEDURE_CALLS, SqlSupportedElementActions.SQL_ELEMENT_IN_INDEX_DEFINITIONS, SqlSupportedElementActions.SQL_ELEMENT_IN_PRIVILEGE_DEFINITIONS)
                .withSqlCatalogsSupportedActions(SqlSupportedElementActions.SQL_ELEMENT_IN_PROCEDURE_CALLS)
                .withSqlSupportedPositionedCommands(new SqlSupportedPositionedCommands[0])
                .withSqlSelectForUpdateSupported(false)
                .withSqlStoredProceduresSupported(false)
                .withSqlSubQueriesSupported(SqlSupportedSubqueries.SQL_SUBQUERIES_IN_COMPARISONS, SqlSupportedSubqueries.SQL_SUBQUERIES_IN_EXISTS,
                        SqlSupportedSubqueries.SQL_SUBQUERIES_IN_INS, SqlSupportedSubqueries.SQL_SUBQUERIES_IN_QUANTIFIEDS)
                .withSqlCorrelatedSubqueriesSupported(true)
                .withSqlSupportedUnions(SqlSupportedUnions.SQL_UNION, SqlSupportedUnions.SQL_UNION_ALL)
                .withSqlMaxBinaryLiteralLength(0)
                .withSqlMaxCharLiteralLength(0)
                .withSqlMaxColumnNameLength(0)
                .withSqlMaxColumnsInGroupBy(0)
                .withSqlMaxColumnsInIndex(0)
                .withSqlMaxColumnsInOrderBy(0)
                .withSqlMaxColumnsInSelect(0)
                .withSqlMaxColumnsInTable(0)
                .withSqlMaxConnections(0)
                .withSqlMaxCursorNameLength(0)
                .withSqlMaxIndexLength(0)
                .withSqlDbSchemaNameLength(0)
                .withSqlMaxProcedureNameLength(0)
                .withSqlMaxCatalogNameLength(0)
                .withSqlMaxRowSize(0)
                .withSqlMaxRowSizeIncludesBlobs(true)
                .withSqlMaxStatementLength(0)
                .withSqlMaxStatements(0)
                .withSqlMaxTableNameLength(0)
                .withSqlMaxTablesInSelect(0)
                .withSqlMaxUsernameLength(0)
                .withSqlDefaultTransactionIsolation(SqlTransactionIsolationLevel.SQL_TRANSACTION_NONE_VALUE)
                .withSqlTransactionsSupported(false)
                .withSqlSupportedTransactionsIsolationLevels(SqlTransactionIsolationLevel.SQL_TRANSACTION_NONE)
                .withSqlDataDefinitionCausesTransactionCommit(false)
                .withSqlDataDefinitionsInTransactionsIgnored(true)
                .withSqlSupportedResultSetTypes(SqlSupportedResultSetType.SQL_RESULT_SET_TYPE_FORWARD_ONLY)
                .withSqlBatchUpdatesSupported(false)
                .withSqlSavepointsSupported(false)
                .withSqlNamedParametersSupported(false)
                .withSqlLocatorsUpdateCopy(false)
                .withSqlStoredFunctionsUsingCallSyntaxSupported(false);
    }

    private static String arrowVersion()
    {
        String version = SqlInfoBuilder.class.getPackage().getImplementationVersion();
        return version == null ? "18" : version;
    }

    // Spark SQL words beyond SQL:2003 (what JDBC's getSQLKeywords asks for).
    private static final String[] KEYWORDS = List.of(
            "ANTI", "CACHE", "CLUSTER", "DISTRIBUTE", "EXPLODE", "FORMAT", "LATERAL", "LAZY", "LOCATION",
            "MSCK", "OVERWRITE", "PARTITIONED", "PIVOT", "REFRESH", "RLIKE", "SEMI", "SERDE", "SORT",
            "TABLESAMPLE", "TBLPROPERTIES", "TRANSFORM", "UNCACHE", "UNPIVOT", "USING",
            "JOB", "JOBS", "STREAM", "STREAMS", "SCHEDULE", "POOL", "POOLS", "RUN", "RUNS", "WATERMARK").toArray(String[]::new);
    private static final String[] NUMERIC_FUNCTIONS = List.of(
            "ABS", "ACOS", "ASIN", "ATAN", "ATAN2", "CEIL", "COS", "COT", "DEGREES", "EXP", "FLOOR", "LOG", "LOG10",
            "MOD", "PI", "POWER", "RADIANS", "RAND", "ROUND", "SIGN", "SIN", "SQRT", "TAN").toArray(String[]::new);
    private static final String[] STRING_FUNCTIONS = List.of(
            "ASCII", "CHAR", "CONCAT", "LCASE", "LEFT", "LENGTH", "LOCATE", "LTRIM", "REPEAT", "REPLACE", "RIGHT",
            "RTRIM", "SPACE", "SUBSTRING", "UCASE").toArray(String[]::new);
    private static final String[] SYSTEM_FUNCTIONS = List.of("DATABASE", "IFNULL", "USER").toArray(String[]::new);
    private static final String[] DATETIME_FUNCTIONS = List.of(
            "CURDATE", "CURTIME", "DAYOFMONTH", "DAYOFWEEK", "DAYOFYEAR", "HOUR", "MINUTE", "MONTH", "NOW",
            "QUARTER", "SECOND", "WEEK", "YEAR", "TIMESTAMPADD", "TIMESTAMPDIFF").toArray(String[]::new);
}
