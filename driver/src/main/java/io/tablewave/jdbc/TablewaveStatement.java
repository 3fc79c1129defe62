package io.tablewave.jdbc;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * What a Tablewave statement adds to {@link Statement}: the batch it submitted, and live progress
 * while a batch runs. Every statement, prepared statement and callable statement of the driver is
 * one:
 *
 * <pre>{@code
 * TablewaveStatement tablewave = statement.unwrap(TablewaveStatement.class);
 * tablewave.onProgress(progress -> System.out.println(progress.describe()));
 * statement.executeBatch();
 * long batchId = tablewave.lastBatchId().orElseThrow();
 * }</pre>
 *
 * <p>Whatever entry point submits the batch ({@code executeBatch()}, a script or a {@code BEGIN ...
 * END} block in {@code execute}, a single CREATE TABLE ... AS), the statement also carries an
 * {@link java.sql.SQLWarning} whose message names the batch, e.g. {@code batch 7 SUCCEEDED: 3
 * tables loaded}, so tools that show warnings (sqlline, DBeaver) show it. A batch that runs on
 * {@code commit()} in manual-commit mode is reported on the connection instead: {@link
 * TablewaveConnection#lastBatchId()} and {@link java.sql.Connection#getWarnings()}. A batch whose
 * tables did not all load ends in a {@link java.sql.BatchUpdateException} naming {@code batch
 * <id>}, and {@link #lastBatchId()} gives that id too. The server lists a connection's batches in
 * {@code SYS.MY_BATCHES}.
 */
public interface TablewaveStatement {
  /**
   * How often progress is read while a batch runs, unless {@link #onProgress(ProgressListener,
   * Duration)} says.
   */
  Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofMillis(500);

  /**
   * The id of the batch this statement's latest execution submitted: empty when it submitted none
   * (a query, a DROP, a batch refused at planning, a statement queued in manual-commit mode).
   */
  OptionalLong lastBatchId() throws SQLException;

  /**
   * Calls {@code listener} while each batch this statement submits from now on runs, every {@link
   * #DEFAULT_PROGRESS_INTERVAL}; see {@link #onProgress(ProgressListener, Duration)}.
   */
  void onProgress(ProgressListener listener) throws SQLException;

  /**
   * Calls {@code listener} while each batch this statement submits from now on runs: about every
   * {@code interval} with where the batch stands, then once more with {@link
   * BatchProgress#finished()} true before the submitting call returns or throws. The driver reads
   * the progress over a second connection of its own to the same server, opened on first use and
   * closed with this statement's connection; the events come from a thread of the driver, except
   * the final one, which comes from the submitting thread. A listener that throws gets no more
   * events of that batch, and the statement's warnings say what it threw. Without a listener (the
   * default, or {@code null}) nothing is read and no thread runs.
   *
   * @param listener receives the events, or null to stop listening
   * @param interval how often progress is read, at least 10 ms
   */
  void onProgress(ProgressListener listener, Duration interval) throws SQLException;
}
