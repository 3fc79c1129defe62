/**
 * An in-process Kafka broker and seeded sample topics for demo mode and tests; the server loads
 * this module's jar only with {@code --demo}.
 */
package io.tablewave.demo;
