/**
 * Continuous and scheduled tables: the server refreshes them and their downstream by itself,
 * through the same refresh batches as {@code REFRESH TABLE}, keeps the history of those refreshes
 * bounded, and tells how fresh every table is ({@code SYS.FRESHNESS}). I/O: the batches it submits,
 * the registry's history table, and Kafka metadata and single-record reads for freshness.
 */
package io.tablewave.continuous;
