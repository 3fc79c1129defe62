/** The Tablewave JDBC driver: a branded Avatica remote client whose JDBC objects throw only SQLExceptions. */
package io.tablewave.jdbc;
