/** Welcome emails: an outbox filled with each new client, sent off the request path, never lost. */
package org.clientsapi.mail;
