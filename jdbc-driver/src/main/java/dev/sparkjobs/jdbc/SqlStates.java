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
            throw e.getCause() instanceof SQLException sql ? withState(sql) : e.getCause();
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
            return e;
        }
        SQLException stated = new SQLException(e.getMessage(), state, e.getErrorCode(), e);
        stated.setNextException(e.getNextException());
        return stated;
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
