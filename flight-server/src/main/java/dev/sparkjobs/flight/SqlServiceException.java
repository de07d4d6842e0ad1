package dev.sparkjobs.flight;

import static java.util.Objects.requireNonNull;

/**
 * An error for the client: a five-character SQLSTATE, a vendor code and a message that says what
 * went wrong and where. The only exception type that crosses the service boundary.
 */
public class SqlServiceException
        extends Exception
{
    public static final String SYNTAX_ERROR = "42601";
    public static final String UNDEFINED_TABLE = "42P01";
    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    public static final String QUERY_CANCELED = "57014";
    public static final String INVALID_AUTHORIZATION = "28000";
    public static final String INVALID_PARAMETER = "22023";
    public static final String INTERNAL_ERROR = "XX000";

    private final String sqlState;
    private final int vendorCode;

    public SqlServiceException(String sqlState, String message)
    {
        this(sqlState, 0, message, null);
    }

    public SqlServiceException(String sqlState, int vendorCode, String message, Throwable cause)
    {
        super(requireNonNull(message, "message is null"), cause);
        this.sqlState = requireNonNull(sqlState, "sqlState is null");
        this.vendorCode = vendorCode;
    }

    public String sqlState()
    {
        return sqlState;
    }

    public int vendorCode()
    {
        return vendorCode;
    }
}
