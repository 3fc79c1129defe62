/**
 * The Tablewave JDBC driver: a branded Avatica remote client whose JDBC objects throw only
 * SQLExceptions. Its statements are {@link io.tablewave.jdbc.TablewaveStatement}s (the batch each
 * execution submitted, live progress through a {@link io.tablewave.jdbc.ProgressListener}) and its
 * connections {@link io.tablewave.jdbc.TablewaveConnection}s.
 */
package io.tablewave.jdbc;
