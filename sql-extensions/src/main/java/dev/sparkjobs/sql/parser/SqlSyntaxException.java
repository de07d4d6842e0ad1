package dev.sparkjobs.sql.parser;

import static java.util.Objects.requireNonNull;

/** A statement the parser refused; {@link #error()} is what a client sees. */
public final class SqlSyntaxException
        extends Exception
{
    private final SqlSyntaxError error;

    public SqlSyntaxException(SqlSyntaxError error, Throwable cause)
    {
        super(requireNonNull(error, "error is null").message(), cause);
        this.error = error;
    }

    public SqlSyntaxError error()
    {
        return error;
    }
}
