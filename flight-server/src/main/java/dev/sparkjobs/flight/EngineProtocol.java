package dev.sparkjobs.flight;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the gateway and a remote engine say to each other over Flight SQL beyond the standard
 * protocol: the caller's user and operation id in headers, and a few actions on a session's
 * operations and options. Plain Flight SQL clients never need any of it.
 */
public final class EngineProtocol
{
    /** The cookie that names a client's session; a gateway keeps one per remote session. */
    public static final String SESSION_COOKIE = "sparkjobs_session";
    /** The user a gateway acts for; trusted only from a caller holding the engine's secret. */
    public static final String USER_HEADER = "x-sparkjobs-user";
    /** The gateway's operation id, so cancel and progress name the same operation on both sides. */
    public static final String OPERATION_HEADER = "x-sparkjobs-operation-id";
    /**
     * The identity of a caller without the engine's credentials: it may only redeem signed
     * tickets (fetch a result the gateway handed it).
     */
    public static final String TICKET_HOLDER = "$ticket-holder";

    /** Cancels the operation named by the body (its id, UTF-8) in the caller's session. */
    public static final String ACTION_CANCEL = "sparkjobs.cancel";
    /** The progress of the operation named by the body: one line per stage, or nothing. */
    public static final String ACTION_PROGRESS = "sparkjobs.progress";
    /** The value of the session option named by the body, or no result when unset. */
    public static final String ACTION_GET_OPTION = "sparkjobs.get-option";
    /** Sets a session option: body {@code key\nvalue}; errors keep their SQLSTATE. */
    public static final String ACTION_SET_OPTION = "sparkjobs.set-option";
    /**
     * Hands a prepared statement over to a client that will fetch it with a signed ticket: body
     * {@code handle\nmillis}. The engine closes it after that one fetch, or after the millis if
     * the client never comes.
     */
    public static final String ACTION_HAND_OVER = "sparkjobs.hand-over";
    /**
     * Starts a prepared statement's result before a client fetches it with a signed ticket: body
     * {@code handle\nmillis}. The engine answers once the first batch is ready (or the result is
     * known to be empty), or with the statement's error, so the gateway reports a failure of the
     * work itself, a lost engine included, with its SQLSTATE. The next fetch of the statement
     * streams the started result; started and never fetched, it is closed after the millis.
     */
    public static final String ACTION_START = "sparkjobs.start";

    private EngineProtocol() {}

    public static byte[] utf8(String value)
    {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    public static String utf8(byte[] value)
    {
        return new String(value, StandardCharsets.UTF_8);
    }

    /** Progress as text: {@code name,total,completed,running,failed} per line. */
    public static String encodeProgress(OperationProgress progress)
    {
        StringBuilder text = new StringBuilder();
        for (OperationProgress.Stage stage : progress.stages()) {
            text.append(stage.name().replace(',', ' ').replace('\n', ' ')).append(',')
                    .append(stage.totalTasks()).append(',')
                    .append(stage.completedTasks()).append(',')
                    .append(stage.runningTasks()).append(',')
                    .append(stage.failedTasks()).append('\n');
        }
        return text.toString();
    }

    public static Optional<OperationProgress> decodeProgress(String text)
    {
        List<OperationProgress.Stage> stages = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] fields = line.split(",");
            if (fields.length == 5) {
                stages.add(new OperationProgress.Stage(fields[0], Integer.parseInt(fields[1]), Integer.parseInt(fields[2]), Integer.parseInt(fields[3]), Integer.parseInt(fields[4])));
            }
        }
        return stages.isEmpty() ? Optional.empty() : Optional.of(new OperationProgress(stages));
    }
}
