/**
 * The registry: tables, dependencies, batches and their tables, kept in memory and in the store.
 */
package io.tablewave.registry;
