/** What crosses features: the database default, the security chain, the clock. */
package org.clientsapi.config;
