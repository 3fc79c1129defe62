/** Error codes and the exception that carries them from any stage to the client. */
package io.tablewave.error;
