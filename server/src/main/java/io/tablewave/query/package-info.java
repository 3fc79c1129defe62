/**
 * The Calcite side: schemas over the store, Kafka and the registry, and the connections that query
 * them.
 */
package io.tablewave.query;
