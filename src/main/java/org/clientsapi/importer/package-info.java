/**
 * The {@code importdrf} command-line task: users, password hashes, tokens and clients from a Django
 * REST Framework service's {@code dumpdata} output, in one transaction. Reading the dump, deciding
 * what to import and what conflicts, and writing are kept apart.
 */
package org.clientsapi.importer;
