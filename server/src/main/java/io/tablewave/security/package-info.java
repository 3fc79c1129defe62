/** Who may connect and what each role may run: the users file, roles, the user of a request. */
package io.tablewave.security;
