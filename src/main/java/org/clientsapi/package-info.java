/** clients-api: a reactive registry of clients behind DRF-style token authentication. */
package org.clientsapi;
