/** The Avatica front: the server side of the JDBC protocol, and error translation at the edge. */
package io.tablewave.avatica;
