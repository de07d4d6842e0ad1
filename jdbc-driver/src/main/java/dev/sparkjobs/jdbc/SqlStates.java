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
 * the JDBC objects and fills it in, keeping the message and the cause.
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

    private static Object invoke(Object target, Method method, Object[] args, java.util.function.Supplier<Connection> root)
            throws Throwable
    {
        if (method.getName().equals("unwrap") && args != null && args.length == 1 && ((Class<?>) args[0]).isInstance(target)) {
            return target;
        }
        if (method.getName().equals("isWrapperFor") && args != null && args.length == 1 && ((Class<?>) args[0]).isInstance(target)) {
            return true;
        }
        Object result;
        try {
            result = method.invoke(target, args);
        }
        catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof SQLException sql ? withState(sql) : cause;
        }
        if (result == null) {
            return null;
        }
        if (method.getReturnType() == Connection.class) {
            return root.get();
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
