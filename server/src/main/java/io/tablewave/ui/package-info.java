/**
 * The live page at {@code /ui/}: batches, one batch's graph by wave, the graph of all tables, and
 * the JSON and Server-Sent Events it is drawn from. Layouts are computed here, in plain Java; the
 * browser only draws them. Reads the registry's in-memory state; its only I/O is HTTP.
 */
package io.tablewave.ui;
