/** The SYS and INFORMATION_SCHEMA schemas: tables over snapshots of the registry and the server. */
package io.tablewave.system;
