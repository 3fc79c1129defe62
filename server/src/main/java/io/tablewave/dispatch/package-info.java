/** The entry point of every statement: sessions, batches, and the lifecycle of each. */
package io.tablewave.dispatch;
