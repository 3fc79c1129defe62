/**
 * Reads Kafka topics as bounded tables: topic metadata, schema inference, parallel loads and peeks.
 */
package io.tablewave.source.kafka;
