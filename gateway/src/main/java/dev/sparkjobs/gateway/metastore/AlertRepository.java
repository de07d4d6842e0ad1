package dev.sparkjobs.gateway.metastore;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Alerts ({@code alerts}) and the delivery state of their webhooks. */
public final class AlertRepository
{
    private final DataSource dataSource;

    AlertRepository(DataSource dataSource)
    {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
    }

    /** Records an alert; with a webhook URL it is PENDING delivery. */
    public Alert raise(Alert.Kind kind, String objectKind, String objectName, Optional<String> runId, Instant raisedAt, String message,
            Optional<String> detailsJson, Optional<String> notifyUrl)
    {
        String alertId = UUID.randomUUID().toString();
        return Jdbc.inTransaction(dataSource, connection -> {
            String sql = "INSERT INTO alerts (alert_id, kind, object_kind, object_name, run_id, raised_at, message, details_json, notify_url, notify_state, notify_attempts) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)";
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                insert.setString(1, alertId);
                insert.setString(2, kind.name());
                insert.setString(3, objectKind);
                insert.setString(4, objectName);
                Jdbc.setString(insert, 5, runId);
                Jdbc.setInstant(insert, 6, raisedAt);
                insert.setString(7, message);
                Jdbc.setString(insert, 8, detailsJson);
                Jdbc.setString(insert, 9, notifyUrl);
                insert.setString(10, (notifyUrl.isPresent() ? Alert.NotifyState.PENDING : Alert.NotifyState.NONE).name());
                insert.executeUpdate();
            }
            return query(connection, "SELECT * FROM alerts WHERE alert_id = ?", alertId, 1).get(0);
        });
    }

    /** Records one delivery attempt: SENT, or still PENDING (to retry) or FAILED (given up) with the error. */
    public Alert recordDelivery(String alertId, Alert.NotifyState state, Instant at, Optional<String> error)
    {
        if (state == Alert.NotifyState.NONE) {
            throw new IllegalArgumentException("a delivery ends SENT, PENDING or FAILED");
        }
        return Jdbc.inTransaction(dataSource, connection -> {
            String sql = "UPDATE alerts SET notify_state = ?, notify_attempts = notify_attempts + 1, notified_at = ?, notify_error = ? WHERE alert_id = ? AND notify_url IS NOT NULL";
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setString(1, state.name());
                Jdbc.setInstant(update, 2, state == Alert.NotifyState.SENT ? Optional.of(at) : Optional.empty());
                Jdbc.setString(update, 3, error);
                update.setString(4, alertId);
                if (update.executeUpdate() != 1) {
                    throw new MetastoreException(MetastoreError.UNDEFINED_OBJECT, "alert " + alertId + " does not exist or has no webhook");
                }
            }
            return query(connection, "SELECT * FROM alerts WHERE alert_id = ?", alertId, 1).get(0);
        });
    }

    public Optional<Alert> find(String alertId)
    {
        return query("SELECT * FROM alerts WHERE alert_id = ?", alertId, 1).stream().findFirst();
    }

    /** Alerts whose webhook is still to be delivered, oldest first. */
    public List<Alert> pendingDelivery(int limit)
    {
        return query("SELECT * FROM alerts WHERE notify_state = ? ORDER BY raised_at, alert_id", Alert.NotifyState.PENDING.name(), limit);
    }

    /** The latest alerts, newest first. */
    public List<Alert> recent(int limit)
    {
        return query("SELECT * FROM alerts WHERE alert_id <> ? ORDER BY raised_at DESC, alert_id DESC", "", limit);
    }

    private List<Alert> query(String sql, String parameter, int limit)
    {
        return Jdbc.inTransaction(dataSource, connection -> query(connection, sql, parameter, limit));
    }

    private static List<Alert> query(Connection connection, String sql, String parameter, int limit)
            throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, parameter);
            select.setMaxRows(limit);
            List<Alert> alerts = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    alerts.add(read(rs));
                }
            }
            return alerts;
        }
    }

    private static Alert read(ResultSet rs)
            throws SQLException
    {
        return new Alert(rs.getString("alert_id"), Alert.Kind.valueOf(rs.getString("kind")), rs.getString("object_kind"), rs.getString("object_name"),
                Jdbc.string(rs, "run_id"), Jdbc.requiredInstant(rs, "raised_at"), rs.getString("message"), Jdbc.string(rs, "details_json"),
                Jdbc.string(rs, "notify_url"), Alert.NotifyState.valueOf(rs.getString("notify_state")), rs.getInt("notify_attempts"),
                Jdbc.instant(rs, "notified_at"), Jdbc.string(rs, "notify_error"));
    }
}
