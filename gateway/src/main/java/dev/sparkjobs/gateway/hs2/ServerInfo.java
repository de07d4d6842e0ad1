package dev.sparkjobs.gateway.hs2;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlServiceException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hive.service.rpc.thrift.TGetInfoType;
import org.apache.hive.service.rpc.thrift.TGetInfoValue;

/**
 * Answers to {@code GetInfo}. The DBMS is reported as Spark SQL with Spark's version, which is
 * what BI tools pick their SQL dialect by; the server name is the gateway's own.
 */
final class ServerInfo
{
    private static final Pattern SPARK_VERSION = Pattern.compile("Spark (\\d+\\.\\d+[^\\s)]*)");
    private static final String KEYWORDS = String.join(",",
            "ANTI", "CACHE", "CLUSTER", "DATABASES", "DISTRIBUTE", "EXPLAIN", "FUNCTIONS", "LATERAL", "LIMIT", "PIVOT",
            "QUALIFY", "RLIKE", "SEMI", "SORT", "TABLESAMPLE", "UNCACHE", "UNPIVOT");

    private final String serverName;
    private final String serverVersion;
    private final String dbmsVersion;

    ServerInfo(String serverName, String serverVersion)
    {
        this.serverName = requireNonNull(serverName, "serverName is null");
        this.serverVersion = requireNonNull(serverVersion, "serverVersion is null");
        Matcher spark = SPARK_VERSION.matcher(serverVersion);
        this.dbmsVersion = spark.find() ? spark.group(1) : serverVersion;
    }

    TGetInfoValue value(TGetInfoType type, Hs2Session session)
            throws SqlServiceException
    {
        if (type == null) {
            throw new SqlServiceException(SqlServiceException.INVALID_PARAMETER, "GetInfo needs an info type");
        }
        return switch (type) {
            case CLI_SERVER_NAME -> TGetInfoValue.stringValue(serverName + " " + serverVersion);
            case CLI_DBMS_NAME -> TGetInfoValue.stringValue("Spark SQL");
            case CLI_DBMS_VER -> TGetInfoValue.stringValue(dbmsVersion);
            case CLI_USER_NAME -> TGetInfoValue.stringValue(session.user());
            case CLI_DATA_SOURCE_NAME -> TGetInfoValue.stringValue(serverName);
            case CLI_CATALOG_NAME -> TGetInfoValue.stringValue("Y");
            case CLI_IDENTIFIER_QUOTE_CHAR -> TGetInfoValue.stringValue("`");
            case CLI_SEARCH_PATTERN_ESCAPE -> TGetInfoValue.stringValue("\\");
            case CLI_SPECIAL_CHARACTERS -> TGetInfoValue.stringValue("");
            case CLI_ODBC_KEYWORDS -> TGetInfoValue.stringValue(KEYWORDS);
            case CLI_DATA_SOURCE_READ_ONLY -> TGetInfoValue.stringValue("N");
            case CLI_ORDER_BY_COLUMNS_IN_SELECT -> TGetInfoValue.stringValue("N");
            case CLI_MAX_COLUMN_NAME_LEN, CLI_MAX_SCHEMA_NAME_LEN, CLI_MAX_TABLE_NAME_LEN, CLI_MAX_CATALOG_NAME_LEN,
                    CLI_MAX_IDENTIFIER_LEN, CLI_MAX_USER_NAME_LEN, CLI_MAX_CURSOR_NAME_LEN -> TGetInfoValue.lenValue(128);
            case CLI_MAX_DRIVER_CONNECTIONS, CLI_MAX_CONCURRENT_ACTIVITIES, CLI_MAX_COLUMNS_IN_GROUP_BY, CLI_MAX_COLUMNS_IN_INDEX,
                    CLI_MAX_COLUMNS_IN_ORDER_BY, CLI_MAX_COLUMNS_IN_SELECT, CLI_MAX_COLUMNS_IN_TABLE, CLI_MAX_INDEX_SIZE,
                    CLI_MAX_ROW_SIZE, CLI_MAX_STATEMENT_LEN, CLI_MAX_TABLES_IN_SELECT -> TGetInfoValue.lenValue(0);
            case CLI_TXN_CAPABLE -> TGetInfoValue.smallIntValue((short) 0);
            case CLI_DEFAULT_TXN_ISOLATION -> TGetInfoValue.integerBitmask(0);
            default -> throw new SqlServiceException(SqlServiceException.FEATURE_NOT_SUPPORTED, "GetInfo " + type + " is not answered by this server");
        };
    }
}
