package dev.sparkjobs.gateway.hs2;

import dev.sparkjobs.flight.SqlServiceException;
import org.apache.hive.service.rpc.thrift.TStatus;
import org.apache.hive.service.rpc.thrift.TStatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors as HiveServer2 statuses: the SQLSTATE and vendor code of a {@link SqlServiceException}
 * go into {@code TStatus.sqlState} and {@code errorCode}, where the Hive driver builds its
 * {@code SQLException} from them. Anything else is an internal error, logged here once.
 */
final class Hs2Errors
{
    private static final Logger log = LoggerFactory.getLogger(Hs2Errors.class);

    static final String INVALID_SESSION = "08003";
    static final String INVALID_OPERATION = "24000";
    static final String TOO_MANY = "53400";

    private Hs2Errors() {}

    static TStatus ok()
    {
        return new TStatus(TStatusCode.SUCCESS_STATUS);
    }

    static TStatus toStatus(Throwable t)
    {
        SqlServiceException e = toServiceException(t);
        TStatus status = new TStatus(TStatusCode.ERROR_STATUS);
        status.setSqlState(e.sqlState());
        status.setErrorCode(e.vendorCode());
        status.setErrorMessage(e.getMessage());
        return status;
    }

    static SqlServiceException toServiceException(Throwable t)
    {
        if (t instanceof SqlServiceException e) {
            return e;
        }
        log.warn("HiveServer2 call failed", t);
        String message = t.getMessage() == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + t.getMessage();
        return new SqlServiceException(SqlServiceException.INTERNAL_ERROR, 0, "internal error: " + message, t);
    }

    static SqlServiceException invalidSession()
    {
        return new SqlServiceException(INVALID_SESSION, "Invalid SessionHandle: the session was closed or has expired; open a new connection");
    }

    static SqlServiceException invalidOperation()
    {
        return new SqlServiceException(INVALID_OPERATION, "Invalid OperationHandle: the operation was closed or has expired");
    }

    static SqlServiceException unsupported(String what)
    {
        return new SqlServiceException(SqlServiceException.FEATURE_NOT_SUPPORTED, what + " is not supported by the Spark Jobs HiveServer2 door");
    }
}
