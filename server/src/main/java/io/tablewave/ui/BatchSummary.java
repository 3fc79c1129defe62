package io.tablewave.ui;

/**
 * A batch as the list of batches shows it ({@code GET /ui/api/batches}).
 *
 * @param durationMillis from submission to the end, or to now while it runs
 * @param page the path of the batch's page, {@code /ui/?batch=ID}
 */
public record BatchSummary(
    long id,
    String status,
    String submittedAt,
    String finishedAt,
    long durationMillis,
    int tables,
    int succeeded,
    int failed,
    int skipped,
    int waves,
    int parallelism,
    String user,
    String error,
    String page) {}
