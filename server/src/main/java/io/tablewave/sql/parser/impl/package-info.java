/**
 * The parser generated at build time from Calcite's Parser.jj and src/main/codegen ({@code
 * TablewaveParserImpl} and its {@code FACTORY}); no hand-written classes live here.
 */
package io.tablewave.sql.parser.impl;
