/** The server process: options, wiring of the components, HTTP. */
package io.tablewave.server;
