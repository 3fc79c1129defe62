/** Real external systems started privately for tests. */
package io.tablewave.testing;
