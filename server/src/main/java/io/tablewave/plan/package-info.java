/**
 * Turns a batch of CTAS statements and their dependencies into a validated, wave-levelled load
 * plan; no I/O.
 */
package io.tablewave.plan;
