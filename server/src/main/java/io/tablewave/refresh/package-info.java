/**
 * Refreshing tables: which tables a {@code REFRESH} reloads (the named ones and everything
 * downstream), and how each is brought up to date. Reads the registry; no I/O of its own.
 */
package io.tablewave.refresh;
