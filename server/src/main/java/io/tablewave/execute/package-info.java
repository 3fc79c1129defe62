/** Running batches: the ready queue, the bounded worker pool, cancellation. */
package io.tablewave.execute;
