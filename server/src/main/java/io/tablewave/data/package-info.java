/** Column and row values shared by sources and stores, which know nothing of each other. */
package io.tablewave.data;
