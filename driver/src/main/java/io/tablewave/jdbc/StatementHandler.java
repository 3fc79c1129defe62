package io.tablewave.jdbc;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Method;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A statement the user holds (plain, prepared or callable). It counts the statements added to the batch,
 * answers an empty {@code executeBatch()} without a round trip, and turns batch failures into
 * {@link java.sql.BatchUpdateException}s with per-statement counts.
 */
final class StatementHandler extends ForwardingHandler {
    private final ConnectionHandler owner;
    private int batchSize;

    StatementHandler(Statement avatica, ConnectionHandler owner) {
        super(avatica);
        this.owner = requireNonNull(owner, "owner is null");
    }

    @Override
    ConnectionHandler owner() {
        return owner;
    }

    @Override
    Object handle(Object self, Method method, Object[] arguments) throws SQLException {
        switch (method.getName()) {
            case "getConnection":
                forward(method, arguments);
                return owner.proxy();
            case "addBatch":
                forward(method, arguments);
                batchSize++;
                return null;
            case "clearBatch":
                forward(method, arguments);
                batchSize = 0;
                return null;
            case "executeBatch":
            case "executeLargeBatch":
                return executeBatch(method, arguments);
            case "execute":
            case "executeUpdate":
            case "executeLargeUpdate":
            case "executeQuery":
                owner.applyQueryTimeout(((Statement) target).getQueryTimeout());
                try {
                    return forward(method, arguments);
                } catch (SQLException e) {
                    throw BatchFailures.forBatchEnd(e, owner.avatica());
                }
            case "cancel":
                // Avatica's cancel() waits for a running execute() to return, so the server hears first.
                owner.cancelRunningBatch();
                forward(method, arguments);
                return null;
            case "close":
                return arguments.length == 0 ? closeTolerantly(method, arguments) : forward(method, arguments);
            default:
                return forward(method, arguments);
        }
    }

    @Override
    Object wrapResult(Object proxy, Object result) {
        return owner.wrap(result, (Statement) proxy);
    }

    private Object executeBatch(Method method, Object[] arguments) throws SQLException {
        boolean large = method.getName().equals("executeLargeBatch");
        int statements = batchSize;
        if (statements == 0) {
            // Still fails on a closed statement, as JDBC requires, but without asking the server.
            if (((Statement) target).isClosed()) {
                throw new SQLException("Statement closed", "HY010");
            }
            return large ? new long[0] : new int[0];
        }
        owner.applyQueryTimeout(((Statement) target).getQueryTimeout());
        try {
            return forward(method, arguments);
        } catch (SQLException e) {
            throw BatchFailures.forExecuteBatch(e, owner.avatica(), statements);
        } finally {
            batchSize = 0;
        }
    }
}
