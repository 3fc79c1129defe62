/** Syntax tree nodes and helpers of Tablewave's extension of Calcite's SQL grammar. */
package io.tablewave.sql.parser;
