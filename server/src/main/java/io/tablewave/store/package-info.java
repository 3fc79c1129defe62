/** The SQL store behind a connection pool: dialects, bulk writers, DDL on physical tables. */
package io.tablewave.store;
