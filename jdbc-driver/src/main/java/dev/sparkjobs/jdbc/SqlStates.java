package dev.sparkjobs.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives every {@link SQLException} from the gateway its SQLSTATE. The gateway names the state in
 * each error message; Arrow's generic driver leaves {@code getSQLState()} empty, so this wraps
 * the JDBC objects and fills it in, keeping the message and the cause. Statements also answer
 * as {@link SparkJobsStatement} through {@code unwrap}.
 */
final class SqlStates
{
    private static final Pattern STATE = Pattern.compile("SQLSTATE[:]? ?([0-9A-Z]{5})");
    /** SQLSTATE of a lost connection: the transport to the server streaming a result failed. */
    static final String CONNECTION_FAILURE = "08006";
    /** A server's address in a transport error: a Flight location, or Netty's {@code host/ip:port}. */
    private static final Pattern ADDRESS = Pattern.compile("(grpc(?:\\+tcp|\\+tls)?://[^\\s,;)]+)|(?:[\\w.-]*/)?(\\d{1,3}(?:\\.\\d{1,3}){3}:\\d{1,5}|\\[[0-9a-fA-F:]+]:\\d{1,5})");
    private static final List<Class<?>> WRAPPED = List.of(CallableStatement.class, PreparedStatement.class, Statement.class, ResultSet.class, DatabaseMetaData.class);

    private SqlStates() {}

    static Connection wrap(Connection connection)
    {
        Connection[] self = new Connection[1];
        self[0] = (Connection) proxy(connection, Connection.class, () -> self[0]);
        return self[0];
    }

    private static Object proxy(Object target, Class<?> type, java.util.function.Supplier<Connection> root)
    {
        InvocationHandler handler = (proxy, method, args) -> invoke(target, method, args, root);
        return Proxy.newProxyInstance(SqlStates.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    /** A statement also answers as {@link SparkJobsStatement}; {@code preparedSql} is the text of a prepared statement. */
    private static Object statement(Statement target, Class<?> type, java.util.function.Supplier<Connection> root, String preparedSql)
    {
        RunTracking tracking = new RunTracking(root.get());
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == SparkJobsStatement.class) {
                return call(tracking, method, args);
            }
            if (args != null && args.length == 1 && args[0] == SparkJobsStatement.class) {
                if (method.getName().equals("unwrap")) {
                    return proxy;
                }
                if (method.getName().equals("isWrapperFor")) {
                    return true;
                }
            }
            String name = method.getName();
            if (name.equals("getResultSet") && tracking.capturedResult() != null) {
                return tracking.capturedResult();
            }
            if (!name.equals("execute") && !name.equals("executeQuery") && !name.equals("executeUpdate") && !name.equals("executeLargeUpdate")) {
                return invoke(target, method, args, root);
            }
            tracking.reset();
            String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : preparedSql;
            Object result = invoke(target, method, args, root);
            if (!RunTracking.startsRuns(sql)) {
                return result;
            }
            try {
                if (name.equals("executeQuery")) {
                    return tracking.capture((ResultSet) result);
                }
                if (name.equals("execute") && Boolean.TRUE.equals(result)) {
                    tracking.capture(target.getResultSet());
                }
            }
            catch (SQLException e) {
                throw withState(e);
            }
            return result;
        };
        return Proxy.newProxyInstance(SqlStates.class.getClassLoader(), new Class<?>[] {type, SparkJobsStatement.class}, handler);
    }

    private static Object call(Object target, Method method, Object[] args)
            throws Throwable
    {
        try {
            return method.invoke(target, args);
        }
        catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw withState(sql);
            }
            // Arrow's driver lets some transport failures out of ResultSet.next() unchecked.
            if (cause instanceof RuntimeException && transportFailure(cause)) {
                throw connectionFailure(cause);
            }
            throw cause;
        }
    }

    private static Object invoke(Object target, Method method, Object[] args, java.util.function.Supplier<Connection> root)
            throws Throwable
    {
        if (method.getName().equals("unwrap") && args != null && args.length == 1 && ((Class<?>) args[0]).isInstance(target)) {
            return target;
        }
        if (method.getName().equals("isWrapperFor") && args != null && args.length == 1 && ((Class<?>) args[0]).isInstance(target)) {
            return true;
        }
        Object result = call(target, method, args);
        if (result == null) {
            return null;
        }
        if (method.getReturnType() == Connection.class) {
            return root.get();
        }
        if (result instanceof Statement statement && Statement.class.isAssignableFrom(method.getReturnType())) {
            String preparedSql = method.getName().startsWith("prepare") && args != null && args.length > 0 && args[0] instanceof String text ? text : null;
            return statement(statement, method.getReturnType(), root, preparedSql);
        }
        for (Class<?> type : WRAPPED) {
            if (method.getReturnType() == type) {
                return proxy(result, type, root);
            }
        }
        return result;
    }

    static SQLException withState(SQLException e)
    {
        if (e.getSQLState() != null) {
            return e;
        }
        String state = stateOf(e);
        if (state == null) {
            return transportFailure(e) ? connectionFailure(e) : e;
        }
        SQLException stated = new SQLException(e.getMessage(), state, e.getErrorCode(), e);
        stated.setNextException(e.getNextException());
        return stated;
    }

    /**
     * A failure of the transport itself (gRPC {@code UNAVAILABLE}: the server closed the
     * connection or cannot be reached) anywhere in the chain. With direct results the server is
     * the engine the gateway sent the client to, and Arrow's driver reports its loss with no
     * SQLSTATE; the gateway's own errors always name one.
     */
    static boolean transportFailure(Throwable error)
    {
        for (Throwable t : chain(error)) {
            if ("UNAVAILABLE".equals(statusCode(t)) || (t.getMessage() != null && t.getMessage().startsWith("UNAVAILABLE"))) {
                return true;
            }
        }
        return false;
    }

    /** SQLSTATE 08006 for a transport failure, naming the server's address when the error tells it. */
    static SQLException connectionFailure(Throwable error)
    {
        String address = null;
        for (Throwable t : chain(error)) {
            Matcher matcher = t.getMessage() == null ? null : ADDRESS.matcher(t.getMessage());
            if (matcher != null && matcher.find()) {
                address = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
                break;
            }
        }
        String detail = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        String where = address == null
                ? "the server streaming the result (with direct results, the Spark engine the gateway sent this query to)"
                : "the server at " + address + " that streamed the result (with direct results, a Spark engine)";
        SQLException failure = new SQLException("[SQLSTATE " + CONNECTION_FAILURE + "] lost the connection to " + where
                + "; the engine may have gone away, so run the query again: " + detail, CONNECTION_FAILURE, 0, error);
        if (error instanceof SQLException sql) {
            failure.setNextException(sql.getNextException());
        }
        return failure;
    }

    /** The throwable, its causes and what they suppressed (Arrow's driver keeps the other locations' errors there). */
    private static List<Throwable> chain(Throwable error)
    {
        List<Throwable> chain = new java.util.ArrayList<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Throwable> pending = new java.util.ArrayDeque<>(List.of(error));
        while (!pending.isEmpty() && chain.size() < 32) {
            Throwable t = pending.removeFirst();
            if (!seen.add(t)) {
                continue;
            }
            chain.add(t);
            if (t.getCause() != null) {
                pending.addLast(t.getCause());
            }
            pending.addAll(List.of(t.getSuppressed()));
        }
        return chain;
    }

    /** The Flight status code of a (possibly relocated) {@code FlightRuntimeException}, read by name: the driver shades Arrow. */
    private static String statusCode(Throwable t)
    {
        try {
            Method status = t.getClass().getMethod("status");
            Object callStatus = status.invoke(t);
            Object code = callStatus.getClass().getMethod("code").invoke(callStatus);
            return String.valueOf(code);
        }
        catch (ReflectiveOperationException | RuntimeException notFlight) {
            return null;
        }
    }

    private static String stateOf(Throwable error)
    {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                Matcher matcher = STATE.matcher(t.getMessage());
                if (matcher.find()) {
                    return matcher.group(1);
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
