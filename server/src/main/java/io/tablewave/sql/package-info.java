/** Parsing of Tablewave SQL and extraction of dependencies from it; no I/O. */
package io.tablewave.sql;
