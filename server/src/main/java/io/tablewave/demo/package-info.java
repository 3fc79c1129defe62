/** An in-process Kafka broker and seeded sample topics for demo mode and tests. */
package io.tablewave.demo;
