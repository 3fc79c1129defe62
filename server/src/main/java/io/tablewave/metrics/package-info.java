/** Prometheus metrics of the server (Micrometer) and the endpoint that serves them. */
package io.tablewave.metrics;
