package dev.sparkjobs.pool.embedded;

import dev.sparkjobs.flight.SqlServiceException;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.catalyst.parser.ParseException;

/** Spark's errors as service errors: Spark 4 gives most of them a SQLSTATE and an error condition. */
final class SparkErrors
{
    private SparkErrors() {}

    static SqlServiceException translate(Throwable t)
    {
        if (t instanceof SqlServiceException e) {
            return e;
        }
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            if (cause instanceof SparkThrowable spark && spark.getSqlState() != null) {
                String sqlState = spark.getSqlState();
                if (isCancellation(cause)) {
                    return cancelled(cause);
                }
                return new SqlServiceException(sqlState, 0, message(cause), t);
            }
            if (cause instanceof InterruptedException) {
                return cancelled(cause);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        if (isCancellation(t)) {
            return cancelled(t);
        }
        String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        return new SqlServiceException(SqlServiceException.INTERNAL_ERROR, 0, message, t);
    }

    /**
     * Spark's message without the logical plan that analysis errors append, with the position
     * kept; syntax errors keep their whole message, which points at the spot in the text.
     */
    private static String message(Throwable cause)
    {
        if (cause instanceof AnalysisException analysis && !(cause instanceof ParseException)) {
            StringBuilder message = new StringBuilder(analysis.getSimpleMessage());
            if (analysis.line().isDefined()) {
                message.append(" (line ").append(analysis.line().get());
                if (analysis.startPosition().isDefined()) {
                    message.append(", pos ").append(analysis.startPosition().get());
                }
                message.append(')');
            }
            return message.toString();
        }
        return cause.getMessage();
    }

    static SqlServiceException cancelled(Throwable cause)
    {
        return new SqlServiceException(SqlServiceException.QUERY_CANCELED, 0, "the statement was cancelled", cause);
    }

    private static boolean isCancellation(Throwable t)
    {
        String message = String.valueOf(t.getMessage());
        return message.contains("cancelled") || message.contains("canceled") || message.contains("SPARK_JOB_CANCELLED");
    }
}
